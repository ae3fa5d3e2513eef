package dev.mtasts.core.tls;

import java.security.cert.CertificateException;

/**
 * Thrown by {@link VerifyingTrustManager} to abort a TLS handshake; carries the {@link CertificateProblem}
 * so that a caller who only sees the handshake exception can still find it in the cause chain.
 */
public final class CertificateProblemException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final transient CertificateProblem problem;

    public CertificateProblemException(CertificateProblem problem) {
        super(problem.sentence());
        this.problem = problem;
    }

    public CertificateProblem problem() {
        return problem;
    }
}
