package dev.mtasts.core.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in (monotonic) time by which something must be done, with the words that name it in a failure:
 * {@code the session set-up deadline of 180 s}. Immutable.
 *
 * <p>Deadlines bound real sockets, so they run on {@link System#nanoTime()}, not on an injected clock.
 */
public final class Deadline {
    private final String description;
    private final long end;

    private Deadline(String description, long end) {
        this.description = Objects.requireNonNull(description);
        this.end = end;
    }

    /** A deadline {@code length} from now, described as {@code "the " + name + " of " + figure}. */
    public static Deadline after(String name, Duration length) {
        return after(name, length, seconds(length));
    }

    /** As {@link #after(String, Duration)} with the figure written out, e.g. how it was computed. */
    public static Deadline after(String name, Duration length, String figure) {
        long nanos = length.toNanos();
        return new Deadline("the " + name + " of " + figure, System.nanoTime() + nanos);
    }

    /** A duration the way failures write it: {@code 180 s}, or {@code 250 ms} below 10 s when not whole. */
    public static String seconds(Duration length) {
        long millis = length.toMillis();
        if (millis % 1000 == 0 || millis >= 10_000) {
            return (millis + 500) / 1000 + " s";
        }
        return millis + " ms";
    }

    /** Nanoseconds left; zero or less once passed. */
    public long remainingNanos() {
        return end - System.nanoTime();
    }

    /** Milliseconds left, rounded up, at least 1 while not passed; 0 once passed. */
    public long remainingMillis() {
        long nanos = remainingNanos();
        return nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    public boolean passed() {
        return remainingNanos() <= 0;
    }

    /** The one of the two that passes first ({@code other} may be null). */
    public Deadline earliest(Deadline other) {
        return other == null || end - other.end <= 0 ? this : other;
    }

    /** e.g. {@code the session set-up deadline of 180 s}. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
