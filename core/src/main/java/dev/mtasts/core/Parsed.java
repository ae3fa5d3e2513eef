package dev.mtasts.core;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a pure parser returns: a value, or the reasons the input is invalid (never both, never neither).
 * Parsers in this project are total: every input gets a {@code Parsed}, none throws. Immutable.
 *
 * @param <T> the parsed value
 */
public final class Parsed<T> {
    private final T value;
    private final List<ParseError> errors;

    private Parsed(T value, List<ParseError> errors) {
        this.value = value;
        this.errors = errors;
    }

    public static <T> Parsed<T> valid(T value) {
        return new Parsed<>(Objects.requireNonNull(value), List.of());
    }

    public static <T> Parsed<T> invalid(List<ParseError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one reason");
        }
        return new Parsed<>(null, Collections.unmodifiableList(List.copyOf(errors)));
    }

    public static <T> Parsed<T> invalid(int line, String reason) {
        return invalid(List.of(new ParseError(line, reason)));
    }

    public boolean isValid() {
        return value != null;
    }

    /** The value; {@link IllegalStateException} when invalid (a programmer error: check {@link #isValid()}). */
    public T value() {
        if (value == null) {
            throw new IllegalStateException("invalid: " + errors);
        }
        return value;
    }

    /** The reasons, empty when valid. */
    public List<ParseError> errors() {
        return errors;
    }

    /** All reasons joined into one sentence-like string, for logs and records. */
    public String describeErrors() {
        StringBuilder out = new StringBuilder();
        for (ParseError error : errors) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(error);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return isValid() ? "valid(" + value + ")" : "invalid(" + errors + ")";
    }
}
