package dev.mtasts.core;

import java.util.Objects;

/**
 * One reason an input is invalid: the 1-based line it was found on (0 when the input has no lines, such
 * as a TXT record or a host name) and a sentence its author can act on. Immutable.
 */
public final class ParseError {
    private final int line;
    private final String reason;

    /** Longest reason kept: reasons quote the input, which is often remote text. */
    public static final int REASON_MAX = RemoteText.SENTENCE_MAX;

    /** The reason is cleaned and capped ({@link RemoteText#clean(String, int)}): it often quotes remote text. */
    public ParseError(int line, String reason) {
        this.line = line;
        this.reason = RemoteText.clean(Objects.requireNonNull(reason), REASON_MAX);
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
