package dev.mtasts.james.webadmin;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.apache.james.webadmin.utils.ErrorResponder;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import spark.Request;

/**
 * Reads the path parameters of the MTA-STS routes into values. A bad value stops the request the way James's
 * own routes do: {@link ErrorResponder} with 400 and type {@code InvalidArgument}, whose message says what is
 * wrong. Stateless.
 */
final class PathParameters {
    static final String DOMAIN = ":domain";
    static final String DAY = ":day";
    private static final int BAD_REQUEST = 400;
    private static final int NOT_FOUND = 404;

    private PathParameters() {
    }

    /** The {@code :domain} parameter as a normalised domain name (lower-case A-label, no trailing dot). */
    static DomainName domain(Request request) {
        Parsed<DomainName> parsed = DomainName.parse(request.params(DOMAIN));
        if (!parsed.isValid()) {
            throw ErrorResponder.builder()
                .statusCode(BAD_REQUEST)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("%s", parsed.errors().get(0).reason())
                .haltError();
        }
        return parsed.value();
    }

    /** The {@code :day} parameter, a UTC day written {@code YYYY-MM-DD}. */
    static LocalDate day(Request request) {
        String text = request.params(DAY);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ErrorResponder.builder()
                .statusCode(BAD_REQUEST)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid day '%s': write a UTC day as YYYY-MM-DD, e.g. 2026-11-28", text)
                .haltError();
        }
    }

    /** Stops the request with 404 {@code notFound} and {@code message}. */
    static RuntimeException notFound(String message, Object... arguments) {
        return ErrorResponder.builder()
            .statusCode(NOT_FOUND)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message(message, arguments)
            .haltError();
    }
}
