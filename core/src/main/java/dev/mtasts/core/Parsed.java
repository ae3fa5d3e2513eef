package dev.mtasts.core;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a pure parser returns: a value, or the reasons the input is invalid (never both, never neither).
 * Parsers in this project are total: every input gets a {@code Parsed}, none throws. Immutable.
 *
 * <p>Either kind of result may also carry warnings: deviations from the specification that the parser
 * tolerated because they change no meaning (a blank line in a policy file, say). A warning never makes a
 * result invalid; it is there for logs and for the lint commands, so that the author can fix it.
 *
 * @param <T> the parsed value
 */
public final class Parsed<T> {
    private final T value;
    private final List<ParseError> errors;
    private final List<ParseError> warnings;

    private Parsed(T value, List<ParseError> errors, List<ParseError> warnings) {
        this.value = value;
        this.errors = errors;
        this.warnings = warnings;
    }

    public static <T> Parsed<T> valid(T value) {
        return new Parsed<>(Objects.requireNonNull(value), List.of(), List.of());
    }

    /** A value together with the deviations the parser tolerated (may be empty). */
    public static <T> Parsed<T> valid(T value, List<ParseError> warnings) {
        return new Parsed<>(Objects.requireNonNull(value), List.of(), List.copyOf(warnings));
    }

    public static <T> Parsed<T> invalid(List<ParseError> errors) {
        return invalid(errors, List.of());
    }

    /** Reasons the input is invalid (at least one), and warnings found on the way (may be empty). */
    public static <T> Parsed<T> invalid(List<ParseError> errors, List<ParseError> warnings) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one reason");
        }
        return new Parsed<>(null, Collections.unmodifiableList(List.copyOf(errors)), List.copyOf(warnings));
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

    /** Tolerated deviations from the specification, in input order; empty when there were none. */
    public List<ParseError> warnings() {
        return warnings;
    }

    /** How many reasons {@link #describeErrors()} shows before it counts the rest. */
    public static final int DESCRIBED_ERRORS = RemoteText.LIST_FIRST;

    /**
     * The first {@value #DESCRIBED_ERRORS} reasons joined into one sentence-like string, for logs and records,
     * followed by {@code "; and N more"} when there are more: a remote-sized input (a 64 KiB policy of bad
     * lines) must not make a remote-sized sentence.
     */
    public String describeErrors() {
        List<String> texts = new java.util.ArrayList<>(Math.min(errors.size(), DESCRIBED_ERRORS));
        for (int i = 0; i < errors.size() && i < DESCRIBED_ERRORS; i++) {
            texts.add(errors.get(i).toString());
        }
        String shown = RemoteText.firstOf(texts, DESCRIBED_ERRORS, ParseError.REASON_MAX + 16);
        int more = errors.size() - texts.size();
        return more > 0 ? shown + "; and " + more + " more" : shown;
    }

    @Override
    public String toString() {
        return isValid() ? "valid(" + value + ")" : "invalid(" + errors + ")";
    }
}
