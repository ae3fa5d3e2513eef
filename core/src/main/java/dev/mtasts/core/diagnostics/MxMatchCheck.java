package dev.mtasts.core.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/**
 * Step 6: every MX host of the domain against the policy's mx patterns (RFC 8461 §4.1). An MX that matches
 * none fails under enforce (senders will not deliver to it, §5) and warns under testing. Without MX records
 * the domain itself is the mail host (RFC 5321 §5.1). Stateless.
 */
final class MxMatchCheck {
    static final int NUMBER = 6;

    private MxMatchCheck() {
    }

    /** The hosts a sender would deliver to: the MX hosts, or the domain itself when it has no MX. */
    static List<DomainName> mailHosts(DomainName domain, DnsAnswer<MxHost> mx) {
        if (mx.status() == DnsAnswer.Status.NO_RECORD) {
            return List.of(domain);
        }
        return mx.records().stream().filter(h -> !h.isNullMx()).map(MxHost::host).collect(Collectors.toList());
    }

    static boolean isNullMx(DnsAnswer<MxHost> mx) {
        return mx.isFound() && mx.records().stream().anyMatch(MxHost::isNullMx);
    }

    static CheckStep check(DomainName domain, DnsAnswer<MxHost> mx, Optional<StsPolicy> policy, String skipCause) {
        String title = "MX hosts of " + domain + " against the policy";
        if (policy.isEmpty()) {
            return CheckStep.skipped(NUMBER, title, skipCause);
        }
        if (mx.status() == DnsAnswer.Status.FAILED) {
            return CheckStep.fail(NUMBER, title, "MX lookup failed", mx.detail(), "make the DNS servers of " + domain
                    + " answer for its MX records", List.of());
        }
        if (isNullMx(mx)) {
            return CheckStep.warn(NUMBER, title, "null MX", domain + " publishes a null MX (RFC 7505): it accepts no"
                    + " mail, so the policy protects nothing", "publish the real MX hosts, or remove the MTA-STS"
                    + " records", List.of());
        }
        StsPolicy sts = policy.get();
        String patterns = sts.mxPatterns().stream().map(MxPattern::text).collect(Collectors.joining(", "));
        List<String> details = new ArrayList<>();
        if (mx.status() == DnsAnswer.Status.NO_RECORD) {
            details.add("no MX records (" + mx.detail() + "): senders deliver to " + domain + " itself"
                    + " (RFC 5321 §5.1)");
        }
        List<DomainName> unmatched = new ArrayList<>();
        List<DomainName> hosts = mailHosts(domain, mx);
        for (DomainName host : hosts) {
            Optional<MxPattern> match = sts.mxPatterns().stream().filter(p -> p.matches(host)).findFirst();
            details.add("mx " + host + ": " + (match.isPresent() ? "matches '" + match.get().text() + "'"
                    : "matches no mx pattern (" + patterns + ")"));
            if (match.isEmpty()) {
                unmatched.add(host);
            }
        }
        String summary = (hosts.size() - unmatched.size()) + " of " + hosts.size() + " MX hosts match the policy";
        if (unmatched.isEmpty()) {
            return CheckStep.pass(NUMBER, title, summary, details);
        }
        String names = unmatched.stream().map(DomainName::asciiName).collect(Collectors.joining(", "));
        String lines = unmatched.stream().map(h -> "'mx: " + h + "'").collect(Collectors.joining(", "));
        String fix = "add " + lines + " (or a '*.' pattern covering it) to the policy file and change the id of the"
                + " _mta-sts TXT record; or correct the MX records";
        if (sts.mode() == PolicyMode.ENFORCE) {
            return CheckStep.fail(NUMBER, title, summary, "the MX " + names + " matches no mx line of the policy ("
                    + patterns + "): under enforce, senders will not deliver mail to it", fix, details);
        }
        return CheckStep.warn(NUMBER, title, summary, "the MX " + names + " matches no mx line of the policy ("
                + patterns + "): under " + sts.mode() + " senders still deliver, but enforce would stop mail to it",
                fix, details);
    }
}
