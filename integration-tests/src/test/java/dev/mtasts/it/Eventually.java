package dev.mtasts.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits for an asynchronous outcome inside James (a mail leaving the spool, a mailbox filling): probes
 * until the condition holds, failing with the last value seen once the deadline passes. It waits for an
 * event, never for time to pass: the deadline only bounds a hung test.
 */
final class Eventually {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long PAUSE_MILLIS = 50;

    private Eventually() {
    }

    static <T> T await(String what, Callable<T> probe, Predicate<T> condition) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        T last = probe.call();
        while (!condition.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up waiting after " + DEADLINE.toSeconds() + "s for " + what
                    + "; last seen: " + last);
            }
            Thread.sleep(PAUSE_MILLIS);
            last = probe.call();
        }
        return last;
    }
}
