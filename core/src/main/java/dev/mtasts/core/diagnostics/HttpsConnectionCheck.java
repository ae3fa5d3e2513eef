package dev.mtasts.core.diagnostics;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.fetch.ObservedFetch;
import dev.mtasts.core.tls.CertificateProblem;

/**
 * Step 3: the HTTPS connection to the policy host, from the sender's own fetch: connected (refused, timed
 * out), TLS 1.2 or higher negotiated, certificate chain trusted, current and valid for
 * {@code mta-sts.<domain>} (RFC 8461 §3.3), complete, and not expiring within the warning period. Stateless.
 */
final class HttpsConnectionCheck {
    static final int NUMBER = 3;

    private HttpsConnectionCheck() {
    }

    /** True when the fetch got past TLS, so that step 4 has a response (or a response timeout) to judge. */
    static boolean tlsEstablished(ObservedFetch fetch) {
        return fetch.tlsProtocol().isPresent();
    }

    static CheckStep check(ObservedFetch fetch, DomainName domain, int port, Instant now, Duration expiryWarning) {
        // Step 2 passed, so the policy host name is valid (PolicyHostCheck).
        DomainName host = domain.prefixed("mta-sts").value();
        String title = "HTTPS " + host + ":" + port;
        List<String> details = new ArrayList<>(ChainDiagnosis.describe(fetch.peerChain()));
        if (tlsEstablished(fetch)) {
            String summary = fetch.tlsProtocol().get() + ", certificate valid for " + host;
            Optional<X509Certificate> expiring = ChainDiagnosis.expiringSoon(fetch.peerChain(), now, expiryWarning);
            if (expiring.isPresent()) {
                return CheckStep.warn(NUMBER, title, summary, ChainDiagnosis.expiryCause(expiring.get(), host, now),
                        ChainDiagnosis.expiryFix(host), details);
            }
            return CheckStep.pass(NUMBER, title, summary, details);
        }
        Failure failure = fetch.result().failure().orElseThrow(
                () -> new IllegalStateException("a fetch without TLS cannot have succeeded: " + fetch));
        Optional<CertificateProblem> problem = fetch.certificateProblem();
        if (problem.isPresent()) {
            return CheckStep.fail(NUMBER, title, "certificate refused (" + failure.code() + ")",
                    ChainDiagnosis.cause(problem.get(), fetch.peerChain()),
                    ChainDiagnosis.fix(problem.get(), fetch.peerChain(), host), details);
        }
        return CheckStep.fail(NUMBER, title, failure.code(), failure.sentence(), fix(failure.code(), host, port),
                details);
    }

    private static String fix(String code, DomainName host, int port) {
        switch (code) {
            case "connect-refused":
                return "run an HTTPS server for " + host + " on port " + port + " (and open the firewall), or point "
                        + host + " at the server that hosts the policy";
            case "connect-timeout":
                return "check that " + host + " points at the right address and that no firewall drops connections"
                        + " to port " + port;
            case "timeout":
                return "the server accepted the connection but did not complete a TLS handshake: make it speak"
                        + " HTTPS on port " + port;
            case "tls-handshake-failed":
                return "enable TLS 1.2 or 1.3 on the web server, with a certificate for " + host;
            case "dns-no-address":
            case "dns-failed":
                return "add an A/AAAA or CNAME record for " + host + " pointing at the web server that hosts the"
                        + " policy";
            default:
                return "make https://" + host + "/.well-known/mta-sts.txt reachable over HTTPS";
        }
    }
}
