package dev.mtasts.james.webadmin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.apache.james.webadmin.utils.ErrorResponder;

import spark.Request;

/**
 * The UTC days a view covers: the last {@code days} days up to today, from the {@code days} query parameter
 * (1 to 366, default 30). A bad value stops the request with 400 {@code InvalidArgument}. Immutable.
 */
final class DayWindow {
    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    private final LocalDate from;
    private final LocalDate to;

    private DayWindow(LocalDate from, LocalDate to) {
        this.from = from;
        this.to = to;
    }

    static DayWindow of(Request request, Clock clock) {
        String text = request.queryParams("days");
        int days = DEFAULT_DAYS;
        if (text != null) {
            try {
                days = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                days = -1;
            }
            if (days < 1 || days > MAX_DAYS) {
                throw ErrorResponder.builder()
                    .statusCode(400)
                    .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                    .message("Invalid days '%s': a whole number from 1 to %d", text, MAX_DAYS)
                    .haltError();
            }
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new DayWindow(today.minusDays(days - 1L), today);
    }

    LocalDate from() {
        return from;
    }

    LocalDate to() {
        return to;
    }

    boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
