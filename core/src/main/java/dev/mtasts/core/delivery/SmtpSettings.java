package dev.mtasts.core.delivery;

import java.time.Duration;
import java.util.Objects;

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
}
