package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.mtasts.testkit.time.MutableClock;

class WarningThrottleTest {
    private final MutableClock clock = MutableClock.at("2026-12-04T12:00:00Z");
    private final WarningThrottle throttle = new WarningThrottle(clock, Duration.ofMinutes(10), 2);

    @Test
    void shouldWarnOncePerDomainPerIntervalAndCountWhatItKeptQuiet() {
        assertThat(throttle.admit("a.example")).isZero();
        assertThat(throttle.admit("a.example")).isEqualTo(-1);
        clock.advance(Duration.ofMinutes(9));
        assertThat(throttle.admit("a.example")).isEqualTo(-1);
        assertThat(throttle.admit("b.example")).as("another domain has its own allowance").isZero();

        clock.advance(Duration.ofMinutes(1));

        assertThat(throttle.admit("a.example")).as("2 kept quiet since the last warning").isEqualTo(2);
        assertThat(throttle.admit("a.example")).isEqualTo(-1);
    }

    @Test
    void shouldForgetTheLeastRecentlyWarnedDomainWhenMoreThanItsCapacityArrive() {
        throttle.admit("a.example");
        throttle.admit("b.example");

        throttle.admit("c.example");

        assertThat(throttle.admit("b.example")).isEqualTo(-1);
        assertThat(throttle.admit("a.example")).as("forgotten, so warned again").isZero();
    }
}
