package dev.mtasts.core.tlsrpt.send;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a failed report delivery again: RFC 8460 §5.4 "SHOULD ... retry for up to 24 hours" with
 * exponential backoff. The first retry comes 5 minutes after the first failure, each later wait doubles;
 * the last attempt is made exactly 24 hours after the first, then delivery is given up. Immutable.
 */
public final class DeliveryBackoff {
    /** The RFC 8460 §5.4 retry window. */
    public static final Duration WINDOW = Duration.ofHours(24);
    private static final Duration FIRST_WAIT = Duration.ofMinutes(5);
    private static final int MAX_DOUBLINGS = 20;

    /**
     * The next attempt after attempt number {@code attemptsMade} (1-based) failed at {@code now}, for a
     * delivery first tried at {@code firstAttempt}; empty when the window is over (give up).
     */
    public Optional<Instant> nextAttempt(Instant firstAttempt, int attemptsMade, Instant now) {
        Instant deadline = firstAttempt.plus(WINDOW);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(Math.max(attemptsMade - 1, 0), MAX_DOUBLINGS));
        Instant next = now.plus(wait);
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
