package dev.mtasts.james.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When to retry a deferred mail: RemoteDelivery's {@code delayTime} and {@code maxRetries}. The delay list
 * is comma separated, each item {@code [count*]duration} (e.g. {@code 2*5m, 1h, 6 hours}); the last delay
 * repeats until {@code maxRetries} is reached. Immutable.
 */
public final class RetrySchedule {
    private static final Pattern ITEM = Pattern.compile("(?:(\\d+)\\s*\\*\\s*)?(\\d+)\\s*([a-z]*)");

    private final List<Duration> delays;
    private final int maxRetries;

    private RetrySchedule(List<Duration> delays, int maxRetries) {
        this.delays = List.copyOf(delays);
        this.maxRetries = maxRetries;
    }

    public static RetrySchedule of(List<Duration> delays, int maxRetries) {
        return new RetrySchedule(delays, maxRetries);
    }

    /** Parses {@code delayTime}; empty with {@code problem} filled when the text is invalid. */
    public static Optional<List<Duration>> parseDelays(String text, StringBuilder problem) {
        List<Duration> delays = new ArrayList<>();
        for (String raw : text.split(",")) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            Matcher m = ITEM.matcher(item);
            Optional<Duration> unit = m.matches() ? unit(m.group(3)) : Optional.empty();
            if (unit.isEmpty()) {
                problem.append("'").append(raw.trim()).append("' is not a delay; write e.g. 5m, 2*30 minutes, 6h");
                return Optional.empty();
            }
            int count = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
            Duration delay = unit.get().multipliedBy(Long.parseLong(m.group(2)));
            if (count < 1 || delay.isZero()) {
                problem.append("'").append(raw.trim()).append("' must repeat at least once and wait more than zero");
                return Optional.empty();
            }
            for (int i = 0; i < count; i++) {
                delays.add(delay);
            }
        }
        return Optional.of(delays);
    }

    private static Optional<Duration> unit(String unit) {
        switch (unit) {
            case "":
            case "ms":
            case "msec":
            case "msecs":
                return Optional.of(Duration.ofMillis(1));
            case "s":
            case "sec":
            case "secs":
            case "second":
            case "seconds":
                return Optional.of(Duration.ofSeconds(1));
            case "m":
            case "min":
            case "minute":
            case "minutes":
                return Optional.of(Duration.ofMinutes(1));
            case "h":
            case "hour":
            case "hours":
                return Optional.of(Duration.ofHours(1));
            case "d":
            case "day":
            case "days":
                return Optional.of(Duration.ofDays(1));
            default:
                return Optional.empty();
        }
    }

    /** Retries allowed after the first attempt. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The wait before retry number {@code retry} (1-based); the last configured delay repeats. */
    public Duration delayBefore(int retry) {
        return delays.get(Math.min(retry, delays.size()) - 1);
    }
}
