package dev.mtasts.james.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most one warning per key (a domain) per interval. Remembers the most recently warned {@code maxKeys}
 * keys; beyond that the least recently warned is forgotten, so memory stays bounded whatever names arrive.
 * Thread-safe.
 */
final class WarningThrottle {
    private final Clock clock;
    private final long intervalMillis;
    // Guarded by this. Value: {time of the last warning, occurrences suppressed since}.
    private final LinkedHashMap<String, long[]> lastWarned;

    WarningThrottle(Clock clock, Duration interval, int maxKeys) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
        this.lastWarned = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Whether to warn about {@code key} now. Returns -1 to stay quiet, otherwise how many occurrences were
     * kept quiet since the last warning about it (0 for the first).
     */
    synchronized long admit(String key) {
        long now = clock.millis();
        long[] state = lastWarned.get(key);
        if (state != null && now - state[0] < intervalMillis) {
            state[1]++;
            return -1;
        }
        long suppressed = state == null ? 0 : state[1];
        lastWarned.put(key, new long[] {now, 0});
        return suppressed;
    }
}
