package dev.mtasts.core.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * How the SMTP client connects: HELO name, port (25 in production; tests point it elsewhere), connect and
 * read timeouts. Immutable.
 */
public final class SmtpSettings {
    private final String heloName;
    private final int port;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public SmtpSettings(String heloName, int port, Duration connectTimeout, Duration readTimeout) {
        this.heloName = Objects.requireNonNull(heloName);
        this.port = port;
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.readTimeout = Objects.requireNonNull(readTimeout);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    public String heloName() {
        return heloName;
    }

    public int port() {
        return port;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * The JavaMail session properties every session of this client shares: HELO name, port, timeouts, and
     * STARTTLS through {@code tls} (required or opportunistic); host names are checked by the session's
     * trust manager, not by JavaMail.
     */
    Properties sessionProperties(StartTlsSocketFactory tls, boolean startTlsRequired) {
        Properties p = new Properties();
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.localhost", heloName);
        p.put("mail.smtp.connectiontimeout", String.valueOf(connectTimeout.toMillis()));
        p.put("mail.smtp.timeout", String.valueOf(readTimeout.toMillis()));
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", String.valueOf(startTlsRequired));
        p.put("mail.smtp.ssl.socketFactory", tls);
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        return p;
    }

    /**
     * A TCP connection to {@code address} whose {@link InetAddress} carries {@code mxName}: JavaMail then
     * uses the MX name for STARTTLS while the connection goes to the address this plugin resolved (no
     * second, unchecked lookup).
     */
    Socket connectPinned(String mxName, InetAddress address) throws IOException {
        InetAddress pinned = InetAddress.getByAddress(mxName, address.getAddress());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(pinned, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
