package dev.mtasts.core.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.mtasts.core.DomainName;

/**
 * A client-side trust manager for ONE expected host: it runs {@link CertificateVerifier} on the server's
 * chain, and on a problem records it (read it with {@link #problem()} after the handshake) and, unless made
 * with {@link #recordingOnly}, throws {@link CertificateProblemException}, which aborts the handshake.
 * Recording only is for RFC 8461 §5 testing mode and opportunistic TLS: the problem is reported, the
 * session goes on. Host identity is checked here, so the
 * JSSE endpoint identification algorithm is not needed. Client certificates are never accepted.
 *
 * <p>Thread-safe; meant for the connections to one host (use one instance per host and attempt).
 */
public final class VerifyingTrustManager extends X509ExtendedTrustManager {
    private final CertificateVerifier verifier;
    private final DomainName expectedHost;
    private final boolean abortOnProblem;
    private final AtomicReference<CertificateProblem> problem = new AtomicReference<>();

    public VerifyingTrustManager(CertificateVerifier verifier, DomainName expectedHost) {
        this(verifier, expectedHost, true);
    }

    private VerifyingTrustManager(CertificateVerifier verifier, DomainName expectedHost, boolean abortOnProblem) {
        this.verifier = Objects.requireNonNull(verifier);
        this.expectedHost = Objects.requireNonNull(expectedHost);
        this.abortOnProblem = abortOnProblem;
    }

    /** A trust manager that records problems but lets every handshake go on. */
    public static VerifyingTrustManager recordingOnly(CertificateVerifier verifier, DomainName expectedHost) {
        return new VerifyingTrustManager(verifier, expectedHost, false);
    }

    /** The last problem found, empty when no chain was refused (yet). */
    public Optional<CertificateProblem> problem() {
        return Optional.ofNullable(problem.get());
    }

    public DomainName expectedHost() {
        return expectedHost;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType);
    }

    private void verify(X509Certificate[] chain, String authType) throws CertificateException {
        Optional<CertificateProblem> found = verifier.verify(chain == null ? java.util.List.of() : Arrays.asList(chain),
                expectedHost, authType);
        if (found.isPresent()) {
            problem.set(found.get());
            if (abortOnProblem) {
                throw new CertificateProblemException(found.get());
            }
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("this trust manager verifies servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("this trust manager verifies servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager verifies servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
