package dev.mtasts.core.diagnostics;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.delivery.SmtpProbe;
import dev.mtasts.core.delivery.SmtpProbeResult;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/**
 * Step 7, once per MX host: STARTTLS offered, TLS 1.2 or higher, certificate valid for the MX name
 * (RFC 8461 §4.2; expired, untrusted and wrong-name told apart as RFC 8460 §4.3.1 does) and not expiring
 * soon, probed with {@link SmtpProbe} without sending mail. A problem fails under enforce (or without a
 * policy: the check is about being ready for enforce) and warns under testing and none. Stateless.
 */
final class MxTlsCheck {
    static final int NUMBER = 7;

    private final DnsResolver dns;
    private final SmtpProbe probe;
    private final Instant now;
    private final Duration expiryWarning;

    MxTlsCheck(DnsResolver dns, SmtpProbe probe, Instant now, Duration expiryWarning) {
        this.dns = dns;
        this.probe = probe;
        this.now = now;
        this.expiryWarning = expiryWarning;
    }

    List<CheckStep> check(DomainName domain, DnsAnswer<MxHost> mx, Optional<StsPolicy> policy) {
        String title = "STARTTLS on the MX hosts of " + domain;
        if (mx.status() == DnsAnswer.Status.FAILED) {
            return List.of(CheckStep.fail(NUMBER, title, "MX lookup failed", mx.detail(), "make the DNS servers of "
                    + domain + " answer for its MX records", List.of()));
        }
        if (MxMatchCheck.isNullMx(mx)) {
            return List.of(CheckStep.skipped(NUMBER, title, domain + " publishes a null MX: no host to probe"));
        }
        List<CheckStep> steps = new ArrayList<>();
        for (DomainName host : MxMatchCheck.mailHosts(domain, mx)) {
            steps.add(checkHost(host, policy));
        }
        return steps;
    }

    private CheckStep checkHost(DomainName host, Optional<StsPolicy> policy) {
        String title = "STARTTLS " + host + ":" + probe.port();
        DnsAnswer<InetAddress> addresses = dns.addresses(host);
        if (!addresses.isFound()) {
            return problem(policy, title, "no address", "the MX host " + host + " has no address ("
                    + addresses.detail() + ")", "publish an A/AAAA record for " + host + " or correct the MX record",
                    List.of());
        }
        InetAddress address = addresses.records().get(0);
        List<String> details = new ArrayList<>();
        details.add("addresses: " + DnsLines.addresses(addresses.records()) + " (probed " + address.getHostAddress()
                + ")");
        SmtpProbeResult result = probe.probe(host, address);
        result.ehloName().ifPresent(name -> details.add("EHLO name: " + name));
        details.addAll(ChainDiagnosis.describe(result.peerChain()));
        switch (result.stage()) {
            case CONNECT_FAILED:
                return problem(policy, title, "no SMTP session", "could not open an SMTP session with " + host + " at "
                        + address.getHostAddress() + ":" + probe.port() + ": " + result.detail(),
                        "make " + host + " accept SMTP on port " + probe.port() + " (service running, firewall open);"
                                + " note that many networks block outgoing port 25: run the check from a mail server",
                        details);
            case NO_STARTTLS:
                return problem(policy, title, "no STARTTLS", host + " does not offer STARTTLS"
                        + " (starttls-not-supported)", "enable STARTTLS on " + host + " with a certificate for " + host,
                        details);
            case HANDSHAKE_FAILED:
                return problem(policy, title, "TLS handshake failed", "the STARTTLS handshake with " + host
                        + " failed: " + result.detail(), "enable TLS 1.2 or 1.3 on " + host + " with a certificate"
                        + " for " + host, details);
            default:
                return tls(host, policy, title, result, details);
        }
    }

    private CheckStep tls(DomainName host, Optional<StsPolicy> policy, String title, SmtpProbeResult result,
            List<String> details) {
        String protocol = result.protocol().orElse("?");
        details.add("TLS: " + protocol + " " + result.cipherSuite().orElse(""));
        Optional<Failure> certificate = result.certificateFailure();
        if (certificate.isPresent()) {
            Failure failure = certificate.get();
            return problem(policy, title, "STARTTLS " + protocol + ", certificate refused (" + failure.resultType()
                    + ")", failure.sentence(), certificateFix(failure.code(), host, result.peerChain()), details);
        }
        String summary = "STARTTLS, " + protocol + ", certificate valid for " + host;
        Optional<X509Certificate> expiring = ChainDiagnosis.expiringSoon(result.peerChain(), now, expiryWarning);
        if (expiring.isPresent()) {
            return CheckStep.warn(NUMBER, title, summary, ChainDiagnosis.expiryCause(expiring.get(), host, now),
                    ChainDiagnosis.expiryFix(host), details);
        }
        return CheckStep.pass(NUMBER, title, summary, details);
    }

    private static String certificateFix(String code, DomainName host, List<X509Certificate> chain) {
        switch (code) {
            case "certificate-expired":
                return "renew the certificate of " + host + " and reload the mail server (automate renewal)";
            case "certificate-host-mismatch":
                return "install a certificate whose subjectAltName includes " + host + " on the mail server";
            case "certificate-not-trusted":
                return chain.size() == 1 && !chain.get(0).getSubjectX500Principal()
                        .equals(chain.get(0).getIssuerX500Principal())
                        ? "configure the mail server to send its full chain (certificate and intermediates)"
                        : "use a certificate for " + host + " issued by a public certificate authority";
            default:
                return "install a valid certificate for " + host + " on the mail server";
        }
    }

    /** FAIL under enforce or without a policy, WARN under testing and none, with the consequence spelt out. */
    private static CheckStep problem(Optional<StsPolicy> policy, String title, String summary, String cause,
            String fix, List<String> details) {
        PolicyMode mode = policy.map(StsPolicy::mode).orElse(null);
        if (mode == PolicyMode.TESTING || mode == PolicyMode.NONE) {
            return CheckStep.warn(NUMBER, title, summary, cause + "; under " + mode + " senders still deliver,"
                    + " but enforce would stop mail to this host", fix, details);
        }
        String consequence = mode == PolicyMode.ENFORCE ? "; under enforce, senders will not deliver mail to it"
                : "; under an enforce policy, senders would not deliver mail to it";
        return CheckStep.fail(NUMBER, title, summary, cause + consequence, fix, details);
    }
}
