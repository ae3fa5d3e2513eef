package dev.mtasts.core;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of {@code mta-sts.properties}: a whole number followed by one unit, {@code ms},
 * {@code s}, {@code m}, {@code h} or {@code d} (a day is 24 hours), e.g. {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, {@code 1d}. No spaces inside, no fractions, no combined units.
 *
 * <p>Stateless and thread-safe. {@link #parse} is total: it never throws.
 */
public final class DurationText {
    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * The duration {@code text} denotes (surrounding white space ignored), or empty when it is not in the
     * syntax above.
     */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = SYNTAX.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
            case "ms":
                return Optional.of(Duration.ofMillis(amount));
            case "s":
                return Optional.of(Duration.ofSeconds(amount));
            case "m":
                return Optional.of(Duration.ofMinutes(amount));
            case "h":
                return Optional.of(Duration.ofHours(amount));
            default:
                return Optional.of(Duration.ofDays(amount));
        }
    }

    /** {@code duration} in the largest unit of this syntax that expresses it exactly, e.g. {@code 90s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000L == 0 && millis > 0) {
            return millis / 86_400_000L + "d";
        }
        if (millis % 3_600_000L == 0 && millis > 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis % 60_000L == 0 && millis > 0) {
            return millis / 60_000L + "m";
        }
        if (millis % 1_000L == 0 && millis > 0) {
            return millis / 1_000L + "s";
        }
        return millis + "ms";
    }
}
