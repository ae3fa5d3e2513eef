package dev.mtasts.core.delivery;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;

/**
 * One {@link SSLContext} per {@link TlsMode}, shared by every attempt of one {@link SmtpAttempt}, so that the
 * JDK's client session cache can resume TLS sessions with an MX instead of a full handshake each time. The
 * contexts' trust manager routes each handshake's certificate check to the {@link SessionTrust} of the
 * attempt that owns the socket ({@link #bind}); a socket nobody bound is refused.
 *
 * <p>A resumed session skips the trust manager: the caller MUST check the certificate of every session
 * again after the handshake ({@link #checkAgain}; {@link SmtpAttempt} does, before MAIL FROM). One context per mode keeps a
 * session made under a mode that only records problems from being resumed under enforce.
 *
 * <p>Thread-safe.
 */
final class SharedTlsContexts {
    private final Map<Socket, X509TrustManager> owners = new ConcurrentHashMap<>();
    private final Map<TlsMode, SSLContext> contexts = new EnumMap<>(TlsMode.class);

    SharedTlsContexts() throws GeneralSecurityException {
        TrustManager[] router = {new RoutingTrustManager()};
        for (TlsMode mode : TlsMode.values()) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, router, null);
            contexts.put(mode, context);
        }
    }

    SSLContext forMode(TlsMode mode) {
        return contexts.get(mode);
    }

    /** Routes the certificate check of {@code socket}'s handshakes to {@code trust} until {@link #unbind}. */
    void bind(SSLSocket socket, SessionTrust trust) {
        owners.put(socket, trust.trustManager());
    }

    void unbind(SSLSocket socket) {
        if (socket != null) {
            owners.remove(socket);
        }
    }

    /**
     * Checks the certificate of the established TLS session (if any) again through {@code sessionTrust}: a
     * resumed session never reached the trust manager, and its certificate may have expired or been
     * accepted under a mode that only records. A fresh session's check hits the verifier's memory of the
     * chain. The failure returned means the session must end now (the trust aborts: enforce); otherwise a
     * problem is only recorded in {@code sessionTrust}.
     */
    static Optional<Failure> checkAgain(SSLSocket socket, SessionTrust sessionTrust) {
        if (socket == null || sessionTrust.failure().isPresent()) {
            return Optional.empty();
        }
        SSLSession tls = socket.getSession();
        if (tls == null || "NONE".equals(tls.getProtocol())) {
            return Optional.empty();
        }
        try {
            sessionTrust.trustManager().checkServerTrusted(peerChain(tls), "UNKNOWN");
            return Optional.empty();
        } catch (CertificateException e) {
            return Optional.of(sessionTrust.failure().orElseGet(() -> Failure.of(FailureCode.CERTIFICATE_INVALID,
                    "the certificate of the TLS session could not be checked: " + e.getMessage())));
        }
    }

    private static X509Certificate[] peerChain(SSLSession tls) {
        try {
            Certificate[] peer = tls.getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[peer.length];
            for (int i = 0; i < peer.length; i++) {
                if (!(peer[i] instanceof X509Certificate)) {
                    return new X509Certificate[0];
                }
                chain[i] = (X509Certificate) peer[i];
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return new X509Certificate[0];
        }
    }

    private final class RoutingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            X509TrustManager owner = socket == null ? null : owners.get(socket);
            if (owner == null) {
                throw new CertificateException("no SMTP attempt owns this TLS socket; refusing the certificate");
            }
            owner.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("SSLEngine connections are not used");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a certificate check needs the socket it is for");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("this trust manager verifies servers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
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
}
