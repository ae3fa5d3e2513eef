package dev.mtasts.core.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * When a session to an MX address stays open after a transaction for further mail to the same destination
 * (RFC 5321 §4.1.1.5: RSET, then the next MAIL FROM), and when it is retired. Immutable.
 */
public final class SessionReuse {
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(5);
    public static final int DEFAULT_TRANSACTIONS = 100;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    public static final int DEFAULT_PER_DESTINATION = 2;

    private final Duration idle;
    private final int transactions;
    private final Duration maxAge;
    private final int perDestination;

    /**
     * @param idle how long an unused session stays open; zero turns reuse off
     * @param transactions the most transactions one session carries
     * @param maxAge the oldest a session may be when it is taken for another transaction
     * @param perDestination the most idle sessions kept per MX address, policy and mode
     */
    public SessionReuse(Duration idle, int transactions, Duration maxAge, int perDestination) {
        this.idle = Objects.requireNonNull(idle);
        this.maxAge = Objects.requireNonNull(maxAge);
        if (idle.isNegative() || maxAge.isNegative() || transactions < 1 || perDestination < 1) {
            throw new IllegalArgumentException("invalid session reuse: idle " + idle + ", transactions " + transactions
                    + ", max age " + maxAge + ", per destination " + perDestination);
        }
        this.transactions = transactions;
        this.perDestination = perDestination;
    }

    /** 5 s idle, 100 transactions, 5 minutes, 2 idle sessions per destination. */
    public static SessionReuse defaults() {
        return new SessionReuse(DEFAULT_IDLE, DEFAULT_TRANSACTIONS, DEFAULT_MAX_AGE, DEFAULT_PER_DESTINATION);
    }

    /** No reuse: every attempt opens its own session and ends it with QUIT. */
    public static SessionReuse off() {
        return new SessionReuse(Duration.ZERO, 1, Duration.ZERO, 1);
    }

    public boolean enabled() {
        return !idle.isZero() && transactions > 1;
    }

    public Duration idle() {
        return idle;
    }

    public int transactions() {
        return transactions;
    }

    public Duration maxAge() {
        return maxAge;
    }

    public int perDestination() {
        return perDestination;
    }

    @Override
    public String toString() {
        return enabled() ? "idle " + idle + ", " + transactions + " transactions, max age " + maxAge + ", "
                + perDestination + " per destination" : "off";
    }
}
