package dev.mtasts.core.delivery;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.mtasts.core.smtp.TlsLayer;

/**
 * STARTTLS for one session to an MX: layers TLS over the connected socket with SNI = the MX name (RFC 8461
 * §7.1) and TLS 1.2 or newer only (§7.2), and remembers the TLS socket. Host-name checking is done by the
 * session's {@link SessionTrust}, not by JSSE. One instance per session.
 */
final class MxTlsLayer implements TlsLayer {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final String sniHost;
    private final Consumer<SSLSocket> beforeHandshake;
    private SSLSocket socket;

    /** @param beforeHandshake called with the TLS socket before its handshake starts */
    MxTlsLayer(SSLContext context, String sniHost, Consumer<SSLSocket> beforeHandshake) {
        this.context = context;
        this.sniHost = sniHost;
        this.beforeHandshake = beforeHandshake;
    }

    /** The TLS socket of the session, once STARTTLS was attempted; null before. */
    SSLSocket socket() {
        return socket;
    }

    @Override
    public SSLSocket layer(Socket connected) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(connected, sniHost, connected.getPort(),
                true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sniHost)));
        parameters.setProtocols(PROTOCOLS);
        parameters.setEndpointIdentificationAlgorithm(null);
        tls.setSSLParameters(parameters);
        socket = tls;
        beforeHandshake.accept(tls);
        return tls;
    }
}
