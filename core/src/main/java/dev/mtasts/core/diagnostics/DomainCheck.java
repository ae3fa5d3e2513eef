package dev.mtasts.core.diagnostics;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.delivery.PkixSessionTrust;
import dev.mtasts.core.delivery.SmtpProbe;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.fetch.HttpsPolicyFetcher;
import dev.mtasts.core.fetch.ObservedFetch;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.policy.StsTxtRecord;
import dev.mtasts.core.tls.CertificateVerifier;

/**
 * Walks one domain's MTA-STS set-up the way a sending server does and says which step breaks and how to fix
 * it (the {@code check} command):
 * <ol>
 * <li>the {@code _mta-sts} TXT record ({@link TxtRecordCheck});</li>
 * <li>the policy host's address ({@link PolicyHostCheck});</li>
 * <li>the HTTPS connection and certificate ({@link HttpsConnectionCheck});</li>
 * <li>the HTTP answer ({@link HttpResponseCheck});</li>
 * <li>the policy file ({@link PolicyContentCheck});</li>
 * <li>the MX hosts against the policy ({@link MxMatchCheck});</li>
 * <li>STARTTLS and certificates on each MX host ({@link MxTlsCheck});</li>
 * <li>the TLS-RPT record ({@link TlsRptCheck}).</li>
 * </ol>
 * Steps 2 to 6 follow one another as a sender's discovery does (a failed step skips the ones after it);
 * steps 7 and 8 need only DNS and always run. Steps 3 and 4 observe the sender's own fetch
 * ({@link HttpsPolicyFetcher#fetchObserved}), so the check concludes exactly what this plugin concludes.
 * No mail is sent.
 *
 * <p>Never throws for DNS, network, TLS or content trouble: every problem is a step. Thread-safe: each
 * {@link #check} works on its own.
 */
public final class DomainCheck {
    private final DnsResolver dns;
    private final CertificateVerifier verifier;
    private final CheckSettings settings;
    private final Clock clock;

    public DomainCheck(DnsResolver dns, CertificateVerifier verifier, CheckSettings settings, Clock clock) {
        this.dns = Objects.requireNonNull(dns);
        this.verifier = Objects.requireNonNull(verifier);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Checks {@code domain}; the report lists every step in walk order. Never throws: a step that breaks
     * unexpectedly (a bug) ends the walk with a failed step that says so, instead of a stack trace on the
     * command line or a 500 from WebAdmin.
     */
    public CheckReport check(DomainName domain) {
        List<CheckStep> steps = new ArrayList<>();
        try {
            walk(domain, steps);
        } catch (RuntimeException e) {
            int number = steps.isEmpty() ? TxtRecordCheck.NUMBER : steps.get(steps.size() - 1).number();
            steps.add(CheckStep.fail(number, "the check of " + domain, "internal error",
                    "the check stopped unexpectedly: " + e, "report this as a bug of james-mta-sts, with the domain",
                    List.of()));
        }
        return new CheckReport(domain, steps);
    }

    private void walk(DomainName domain, List<CheckStep> steps) {
        Instant now = clock.instant();
        Optional<StsPolicy> policy = policySteps(domain, now, steps);
        DnsAnswer<MxHost> mx = dns.mx(domain);
        steps.add(MxMatchCheck.check(domain, mx, policy, skipCause(steps, MxMatchCheck.NUMBER)));
        if (settings.smtp().isPresent()) {
            SmtpProbe probe = new SmtpProbe(settings.smtp().get(), PkixSessionTrust.factory(verifier));
            steps.addAll(new MxTlsCheck(dns, probe, now, settings.expiryWarning()).check(domain, mx, policy));
        } else {
            steps.add(CheckStep.skipped(MxTlsCheck.NUMBER, "STARTTLS on the MX hosts of " + domain,
                    "SMTP probing was turned off (--no-smtp)"));
        }
        steps.add(TlsRptCheck.check(dns, domain));
    }

    /** Steps 1 to 5, each skipped after the first failure; the policy when step 5 passed or warned. */
    private Optional<StsPolicy> policySteps(DomainName domain, Instant now, List<CheckStep> steps) {
        Checked<StsTxtRecord> txt = TxtRecordCheck.check(dns, domain);
        steps.add(txt.step());
        if (txt.value().isEmpty()) {
            skipFrom(PolicyHostCheck.NUMBER, steps);
            return Optional.empty();
        }
        Checked<List<InetAddress>> host = PolicyHostCheck.check(dns, domain);
        steps.add(host.step());
        if (host.value().isEmpty()) {
            skipFrom(HttpsConnectionCheck.NUMBER, steps);
            return Optional.empty();
        }
        HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(dns, verifier, settings.fetch());
        ObservedFetch fetch = fetcher.fetchObserved(domain);
        steps.add(HttpsConnectionCheck.check(fetch, domain, settings.fetch().port(), now, settings.expiryWarning()));
        if (!HttpsConnectionCheck.tlsEstablished(fetch)) {
            skipFrom(HttpResponseCheck.NUMBER, steps);
            return Optional.empty();
        }
        Checked<String> response = HttpResponseCheck.check(fetch, domain, settings.fetch());
        steps.add(response.step());
        if (response.step().status() == CheckStatus.FAIL) {
            skipFrom(PolicyContentCheck.NUMBER, steps);
            return Optional.empty();
        }
        Checked<StsPolicy> content = PolicyContentCheck.check(fetch.url(), response.value().orElse(null),
                fetch.result().failure().orElse(null));
        steps.add(content.step());
        return content.value();
    }

    /** Adds SKIPPED steps from {@code first} to 5, naming the step that failed. */
    private static void skipFrom(int first, List<CheckStep> steps) {
        String[] titles = {"", "", "policy host", "HTTPS connection to the policy host", "HTTP answer of the policy"
                + " host", "policy file"};
        for (int number = first; number <= PolicyContentCheck.NUMBER; number++) {
            steps.add(CheckStep.skipped(number, titles[number], skipCause(steps, number)));
        }
    }

    /** "step 3 (HTTPS mta-sts.example.com:443) failed, and a sender stops there". */
    private static String skipCause(List<CheckStep> steps, int number) {
        for (CheckStep step : steps) {
            if (step.number() < number && step.status() == CheckStatus.FAIL) {
                return "depends on step " + step.number() + " (" + step.title() + "), which failed: a sender"
                        + " stops there";
            }
        }
        return "depends on an earlier step that failed";
    }
}
