package dev.mtasts.core;

import java.util.Objects;

/**
 * One reason an input is invalid: the 1-based line it was found on (0 when the input has no lines, such
 * as a TXT record or a host name) and a sentence its author can act on. Immutable.
 */
public final class ParseError {
    private final int line;
    private final String reason;

    public ParseError(int line, String reason) {
        this.line = line;
        this.reason = Objects.requireNonNull(reason);
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParseError && ((ParseError) o).line == line && ((ParseError) o).reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return 31 * line + reason.hashCode();
    }

    @Override
    public String toString() {
        return line > 0 ? "line " + line + ": " + reason : reason;
    }
}
