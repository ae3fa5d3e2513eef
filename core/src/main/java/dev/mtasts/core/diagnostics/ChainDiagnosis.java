package dev.mtasts.core.diagnostics;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.tls.CertificateProblem;
import dev.mtasts.core.tls.DnsIdMatcher;

/**
 * What the diagnostics say about a server's certificate chain, for the policy host (step 3) and the MX hosts
 * (step 7): one line per certificate, the first to expire, and a cause and fix for each kind of
 * {@link CertificateProblem}, telling a chain sent without its intermediate apart from a self-signed
 * certificate and from an unknown CA. Stateless.
 */
final class ChainDiagnosis {
    private ChainDiagnosis() {
    }

    /** "certificate: names mta-sts.example.com; issuer CN=R3; valid until 2027-01-01T00:00:00Z". */
    static List<String> describe(List<X509Certificate> chain) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            List<String> names = DnsIdMatcher.dnsIds(cert);
            String who = i == 0 ? "certificate: " + (names.isEmpty() ? "subject " + subject(cert)
                    : "names " + String.join(", ", names)) : "chain[" + i + "]: " + subject(cert);
            lines.add(who + "; issuer " + issuer(cert) + "; valid until " + cert.getNotAfter().toInstant());
        }
        return lines;
    }

    /** The certificate of {@code chain} that expires first, if any expires within {@code warning} of now. */
    static Optional<X509Certificate> expiringSoon(List<X509Certificate> chain, Instant now, Duration warning) {
        X509Certificate soonest = null;
        for (X509Certificate cert : chain) {
            if (soonest == null || cert.getNotAfter().before(soonest.getNotAfter())) {
                soonest = cert;
            }
        }
        if (soonest == null || soonest.getNotAfter().toInstant().isAfter(now.plus(warning))) {
            return Optional.empty();
        }
        return Optional.of(soonest);
    }

    /** "the certificate of HOST (CN=...) expires on DATE, in N days". */
    static String expiryCause(X509Certificate cert, DomainName host, Instant now) {
        Instant notAfter = cert.getNotAfter().toInstant();
        long hours = Duration.between(now, notAfter).toHours();
        String left = hours >= 48 ? hours / 24 + " days" : hours + " hours";
        return "the certificate " + subject(cert) + " presented for " + host + " expires on " + notAfter + ", in "
                + left;
    }

    static String expiryFix(DomainName host) {
        return "renew the certificate of " + host + " now and automate renewal (e.g. with an ACME client such as"
                + " certbot); once it expires, senders refuse it";
    }

    /** The cause line for a refused certificate: the verifier's sentence, sharpened for an incomplete chain. */
    static String cause(CertificateProblem problem, List<X509Certificate> chain) {
        if (problem.kind() == CertificateProblem.Kind.NOT_TRUSTED && isIncomplete(chain)) {
            X509Certificate leaf = chain.get(0);
            return "incomplete certificate chain: the server sent only the certificate for " + problem.expectedHost()
                    + " without the intermediate certificate of its issuer " + issuer(leaf) + ", so senders cannot"
                    + " build a path to a trusted root (or " + issuer(leaf) + " is a CA they do not trust)";
        }
        return problem.sentence();
    }

    /** The fix line for a refused certificate of {@code host}. */
    static String fix(CertificateProblem problem, List<X509Certificate> chain, DomainName host) {
        switch (problem.kind()) {
            case EXPIRED:
                return "renew the certificate of " + host + " and reload the server (automate renewal, e.g. ACME)";
            case NOT_YET_VALID:
                return "install a certificate that is valid now for " + host + " and check the server's clock";
            case HOST_MISMATCH:
                return "install a certificate whose subjectAltName includes " + host + " (a wildcard for its"
                        + " parent domain also matches) and make the server present it for that name (SNI)";
            case NOT_TRUSTED:
                if (isSelfSigned(chain)) {
                    return "replace the self-signed certificate with one for " + host + " issued by a public"
                            + " certificate authority (e.g. Let's Encrypt)";
                }
                if (isIncomplete(chain)) {
                    return "configure the server to send the full chain: its certificate followed by the"
                            + " intermediate certificate(s) (e.g. fullchain.pem instead of cert.pem)";
                }
                return "use a certificate for " + host + " issued by a public certificate authority that sending"
                        + " servers trust, and send its full chain";
            default:
                return "install a valid TLS server certificate for " + host;
        }
    }

    private static boolean isSelfSigned(List<X509Certificate> chain) {
        return !chain.isEmpty()
                && chain.get(0).getSubjectX500Principal().equals(chain.get(0).getIssuerX500Principal());
    }

    /** Only the leaf was sent, and it is not self-signed: the issuer's certificate is missing. */
    private static boolean isIncomplete(List<X509Certificate> chain) {
        return chain.size() == 1 && !isSelfSigned(chain);
    }

    private static String subject(X509Certificate cert) {
        return "'" + cert.getSubjectX500Principal().getName() + "'";
    }

    private static String issuer(X509Certificate cert) {
        return "'" + cert.getIssuerX500Principal().getName() + "'";
    }
}
