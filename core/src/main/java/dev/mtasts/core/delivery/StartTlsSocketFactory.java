package dev.mtasts.core.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The socket factory JavaMail uses for STARTTLS in one session: layers TLS over the connected socket with
 * SNI = the MX name (RFC 8461 §7.1), TLS 1.2 or newer only (§7.2), and remembers the TLS socket so the
 * session's protocol and cipher can be read afterwards. Host-name checking is done by the session's
 * {@link SessionTrust}, not by JSSE. One instance per session.
 */
final class StartTlsSocketFactory extends SSLSocketFactory {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory delegate;
    private final String sniHost;
    private final Consumer<SSLSocket> beforeHandshake;
    private volatile SSLSocket socket;

    StartTlsSocketFactory(SSLContext context, String sniHost) {
        this(context, sniHost, tls -> { });
    }

    /** @param beforeHandshake called with the TLS socket before its handshake starts */
    StartTlsSocketFactory(SSLContext context, String sniHost, Consumer<SSLSocket> beforeHandshake) {
        this.delegate = context.getSocketFactory();
        this.sniHost = sniHost;
        this.beforeHandshake = beforeHandshake;
    }

    /** The TLS socket of the session, once STARTTLS was attempted. */
    SSLSocket socket() {
        return socket;
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        SSLSocket tls = (SSLSocket) delegate.createSocket(plain, sniHost, port, autoClose);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sniHost)));
        parameters.setProtocols(PROTOCOLS);
        parameters.setEndpointIdentificationAlgorithm(null);
        tls.setSSLParameters(parameters);
        socket = tls;
        beforeHandshake.accept(tls);
        return tls;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    // JavaMail only layers TLS over the connected socket (STARTTLS); a direct TLS connection is never made.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("direct TLS connections are not used: STARTTLS only");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new IOException("direct TLS connections are not used: STARTTLS only");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new IOException("direct TLS connections are not used: STARTTLS only");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw new IOException("direct TLS connections are not used: STARTTLS only");
    }
}
