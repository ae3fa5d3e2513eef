package dev.mtasts.core.tlsrpt.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryBackoffTest {
    private static final Instant FIRST = Instant.parse("2026-11-28T02:00:00Z");

    @ParameterizedTest(name = "attempt {0} failed {1} min after the first -> next {2}")
    @CsvSource({
        "1, 0, 5",          // first wait 5 minutes
        "2, 5, 15",         // doubling: 10
        "3, 15, 35",        // 20
        "9, 1275, 1440",    // would be 2555: capped at the 24 h deadline
        "10, 1440, -1",     // RFC 8460 §5.4: after 24 hours, give up
        "4, 1500, -1",      // past the deadline whatever the count
    })
    void shouldDoubleTheWaitWithinTwentyFourHoursWhenAttemptsFail(int attempts, long minutesAfterFirst,
            long expectedMinutes) {
        var next = new DeliveryBackoff().nextAttempt(FIRST, attempts, FIRST.plus(Duration.ofMinutes(minutesAfterFirst)));

        if (expectedMinutes < 0) {
            assertThat(next).isEmpty();
        } else {
            assertThat(next).contains(FIRST.plus(Duration.ofMinutes(expectedMinutes)));
        }
    }
}
