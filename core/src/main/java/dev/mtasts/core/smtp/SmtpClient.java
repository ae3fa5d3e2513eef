package dev.mtasts.core.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens bounded SMTP sessions ({@link SmtpSession}). Owns the watchdog thread that closes sessions whose
 * deadline passed: {@link #close()} it when delivery stops. Thread-safe; sessions are not.
 */
public final class SmtpClient implements AutoCloseable {
    private final SmtpLimits limits;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Watchdog watchdog = new Watchdog();

    /**
     * @param connectTimeout the longest wait for the TCP connection (within the set-up deadline)
     * @param readTimeout the longest wait for any single read (within every deadline)
     */
    public SmtpClient(SmtpLimits limits, Duration connectTimeout, Duration readTimeout) {
        this.limits = Objects.requireNonNull(limits);
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        this.readTimeout = Objects.requireNonNull(readTimeout);
    }

    public SmtpLimits limits() {
        return limits;
    }

    /**
     * Connects to {@code address}, carrying {@code mxName} (for messages and SNI) without a second lookup, with
     * TCP_NODELAY on. The session's set-up deadline starts now and ends no later than {@code outer}.
     *
     * @param outer a deadline for the set-up from outside (the delivery round's), or null
     * @throws SmtpException when the connection cannot be made within the connect timeout or the deadline
     */
    public SmtpSession connect(String mxName, InetAddress address, int port, Deadline outer) throws SmtpException {
        return SmtpSession.open(this, mxName, address, port, outer);
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    /** Stops the watchdog; sessions still open keep their socket timeouts. */
    @Override
    public void close() {
        watchdog.close();
    }
}
