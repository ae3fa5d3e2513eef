package dev.mtasts.core.delivery;

import java.time.Duration;
import java.util.Objects;

import dev.mtasts.core.smtp.SmtpLimits;

/**
 * How the SMTP client connects: HELO name, port (25 in production; tests point it elsewhere), connect and
 * read timeouts, and the {@link SmtpLimits} (reply sizes, session set-up, command and transaction deadlines).
 * Immutable.
 */
public final class SmtpSettings {
    private final String heloName;
    private final int port;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SmtpLimits limits;

    /** Settings with {@link SmtpLimits#defaults()}. */
    public SmtpSettings(String heloName, int port, Duration connectTimeout, Duration readTimeout) {
        this(heloName, port, connectTimeout, readTimeout, SmtpLimits.defaults());
    }

    public SmtpSettings(String heloName, int port, Duration connectTimeout, Duration readTimeout, SmtpLimits limits) {
        this.heloName = Objects.requireNonNull(heloName);
        this.port = port;
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.readTimeout = Objects.requireNonNull(readTimeout);
        this.limits = Objects.requireNonNull(limits);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        if (heloName.isEmpty() || heloName.indexOf('\r') >= 0 || heloName.indexOf('\n') >= 0
                || heloName.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("the HELO name must be one word: '" + heloName + "'");
        }
    }

    public String heloName() {
        return heloName;
    }

    public int port() {
        return port;
    }

    /** The longest wait for the TCP connection (within the session set-up deadline). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The longest wait for any single read (within every deadline). */
    public Duration readTimeout() {
        return readTimeout;
    }

    public SmtpLimits limits() {
        return limits;
    }

    public SmtpSettings withLimits(SmtpLimits value) {
        return new SmtpSettings(heloName, port, connectTimeout, readTimeout, value);
    }
}
