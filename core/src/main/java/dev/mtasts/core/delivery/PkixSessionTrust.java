package dev.mtasts.core.delivery;

import java.util.Optional;

import javax.net.ssl.X509TrustManager;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.tls.CertificateProblem;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.VerifyingTrustManager;

/**
 * RFC 8461 §4.2 certificate checks for SMTP sessions: PKIX against the configured trust anchors and the MX
 * name as DNS-ID (RFC 6125), each problem turned into the RFC 8460 §4.3.1 result type it is reported as.
 */
public final class PkixSessionTrust implements SessionTrust {
    private final VerifyingTrustManager trustManager;

    private PkixSessionTrust(VerifyingTrustManager trustManager) {
        this.trustManager = trustManager;
    }

    /** The factory for sessions checked against {@code verifier}'s trust anchors. Thread-safe. */
    public static SessionTrust.Factory factory(CertificateVerifier verifier) {
        return (DomainName mxHost, boolean abortOnFailure) -> new PkixSessionTrust(abortOnFailure
                ? new VerifyingTrustManager(verifier, mxHost)
                : VerifyingTrustManager.recordingOnly(verifier, mxHost));
    }

    @Override
    public X509TrustManager trustManager() {
        return trustManager;
    }

    @Override
    public Optional<Failure> failure() {
        return trustManager.problem().map(PkixSessionTrust::toFailure);
    }

    /** RFC 8460 §4.3.1: expired, not trusted and host mismatch are distinct result types. */
    static Failure toFailure(CertificateProblem problem) {
        return Failure.of(problem.kind().mxHostCode(), problem.sentence());
    }
}
