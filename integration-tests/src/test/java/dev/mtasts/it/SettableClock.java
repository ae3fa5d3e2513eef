package dev.mtasts.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The real time plus an offset the test can move forward, e.g. to tomorrow morning. Thread-safe. */
final class SettableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    /** From now on, the time is {@code instant} plus the real time that passes. */
    void jumpTo(Instant instant) {
        offset = Duration.between(Instant.now(), instant);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
