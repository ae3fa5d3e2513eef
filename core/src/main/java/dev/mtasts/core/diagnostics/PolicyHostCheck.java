package dev.mtasts.core.diagnostics;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;

/** Step 2: the policy host {@code mta-sts.<domain>} has an address (RFC 8461 §3.3). Stateless. */
final class PolicyHostCheck {
    static final int NUMBER = 2;

    private PolicyHostCheck() {
    }

    static Checked<List<InetAddress>> check(DnsResolver dns, DomainName domain) {
        Parsed<DomainName> prefixed = domain.prefixed("mta-sts");
        if (!prefixed.isValid()) {
            return Checked.failed(CheckStep.fail(NUMBER, "policy host mta-sts." + domain, "name too long",
                    "the policy host name mta-sts." + domain + " would be longer than 253 characters: no sender can"
                            + " fetch a policy for this domain", "MTA-STS needs a domain of at most 245 characters",
                    List.of()));
        }
        DomainName host = prefixed.value();
        String title = "policy host " + host;
        DnsAnswer<InetAddress> answer = dns.addresses(host);
        List<String> details = new ArrayList<>();
        if (!answer.cnameChain().isEmpty()) {
            details.add("CNAME: " + DnsLines.chain(host, answer.cnameChain()));
        }
        String fix = "add an A/AAAA or CNAME record for " + host + " pointing at the web server that hosts the policy";
        switch (answer.status()) {
            case FOUND:
                return Checked.of(CheckStep.pass(NUMBER, title, "resolves to " + DnsLines.addresses(answer.records()),
                        details), answer.records());
            case NO_RECORD:
                String cause = answer.isNxDomain()
                        ? "the subdomain " + host + " does not exist (" + answer.detail() + ")"
                        : host + " exists but has no A or AAAA record (" + answer.detail() + ")";
                return Checked.failed(CheckStep.fail(NUMBER, title, answer.isNxDomain() ? "NXDOMAIN" : "NODATA",
                        cause, fix, details));
            default:
                return Checked.failed(CheckStep.fail(NUMBER, title, "DNS lookup failed",
                        answer.detail(),
                        "make the authoritative DNS servers of " + domain + " answer for " + host, details));
        }
    }
}
