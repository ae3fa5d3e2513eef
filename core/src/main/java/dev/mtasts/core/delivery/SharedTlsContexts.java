package dev.mtasts.core.delivery;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One {@link SSLContext} per {@link TlsMode}, shared by every attempt of one {@link SmtpAttempt}, so that the
 * JDK's client session cache can resume TLS sessions with an MX instead of a full handshake each time. The
 * contexts' trust manager routes each handshake's certificate check to the {@link SessionTrust} of the
 * attempt that owns the socket ({@link #bind}); a socket nobody bound is refused.
 *
 * <p>A resumed session skips the trust manager: the caller MUST check the certificate of every session
 * again after the handshake ({@link SmtpAttempt} does, before MAIL FROM). One context per mode keeps a
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

    int boundSockets() {
        return owners.size();
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
