package dev.mtasts.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import dev.mtasts.core.DomainName;

/**
 * The TLS client set-up for connecting to ONE host under MTA-STS rules: an {@link SSLContext} whose trust
 * manager is a {@link VerifyingTrustManager} for that host, TLS 1.2 or higher only (RFC 8461 §7.2) and SNI =
 * the host (RFC 8461 §7.1). Used by the HTTPS policy fetch (host = {@code mta-sts.<domain>}) and by SMTP
 * delivery (host = the MX name; {@link #startTls(Socket, int)} layers TLS over a STARTTLS connection).
 *
 * <p>Create one per host and connection attempt; after a failed handshake, {@link #problem()} says what was
 * wrong with the certificate (empty when the handshake failed for another reason). Thread-safe.
 */
public final class TlsClientContext {
    /** RFC 8461 §7.2: TLS 1.2 or higher. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final DomainName host;
    private final VerifyingTrustManager trustManager;
    private final SSLContext sslContext;

    private TlsClientContext(DomainName host, VerifyingTrustManager trustManager, SSLContext sslContext) {
        this.host = host;
        this.trustManager = trustManager;
        this.sslContext = sslContext;
    }

    /** A context for connections to {@code host}, validating with {@code verifier}. */
    public static TlsClientContext forHost(DomainName host, CertificateVerifier verifier) {
        VerifyingTrustManager trustManager = new VerifyingTrustManager(verifier, Objects.requireNonNull(host));
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return new TlsClientContext(host, trustManager, context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS implementation", e);
        }
    }

    /** The SSL context; sockets made from it must get {@link #parameters()} (protocols and SNI). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Protocols TLS 1.3 and 1.2 only, SNI = the host; identity is checked by the trust manager. */
    public SSLParameters parameters() {
        SSLParameters parameters = sslContext.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
        // RFC 8461 §7.1: SNI carries the host name
        parameters.setServerNames(List.of(new SNIHostName(host.asciiName())));
        return parameters;
    }

    /** Layers TLS over a connected socket (SMTP STARTTLS) and returns it un-handshaken, ready for {@code startHandshake}. */
    public SSLSocket startTls(Socket connected, int port) throws IOException {
        SSLSocket socket = (SSLSocket) sslContext.getSocketFactory().createSocket(connected, host.asciiName(), port, true);
        socket.setUseClientMode(true);
        socket.setSSLParameters(parameters());
        return socket;
    }

    /** The certificate problem that made a handshake fail, if that was the reason. */
    public Optional<CertificateProblem> problem() {
        return trustManager.problem();
    }

    public DomainName host() {
        return host;
    }

    public VerifyingTrustManager trustManager() {
        return trustManager;
    }
}
