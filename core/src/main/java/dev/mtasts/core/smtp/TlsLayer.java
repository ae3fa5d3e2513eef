package dev.mtasts.core.smtp;

import java.io.IOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

/**
 * Makes the TLS socket for STARTTLS (RFC 3207): layered over the connected socket, configured (SNI, protocol
 * versions, certificate check) but not yet handshaken; the session runs the handshake within its set-up
 * deadline.
 */
@FunctionalInterface
public interface TlsLayer {
    SSLSocket layer(Socket connected) throws IOException;
}
