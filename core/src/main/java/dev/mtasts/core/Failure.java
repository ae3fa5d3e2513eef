package dev.mtasts.core;

import java.util.Objects;

/**
 * Why something failed, as a value: the TLS-RPT result type it is reported as, a short stable code for the
 * report's {@code failure-reason-code} (e.g. {@code http-status-404}), and one sentence a person can act on.
 * The same value reaches the log, the TLS-RPT record, the DSN and the diagnostics output, so its text is
 * cleaned and capped on construction. Immutable.
 */
public final class Failure {
    private final ResultType resultType;
    private final String code;
    private final String sentence;

    /** Longest sentence kept; longer ones are cut with a count of what was left out. */
    public static final int SENTENCE_MAX = 1000;
    /** Longest reason code kept (the codes this plugin makes are far shorter). */
    public static final int CODE_MAX = 64;

    /**
     * The sentence and code are cleaned here, once for every failure: sentences are often built from remote
     * text (replies, headers, policy lines), so control characters are escaped and the length capped
     * ({@link RemoteText#clean(String, int)}) before the value reaches a log, a record, a report or a DSN.
     */
    public Failure(ResultType resultType, String code, String sentence) {
        this.resultType = Objects.requireNonNull(resultType);
        this.code = RemoteText.clean(Objects.requireNonNull(code), CODE_MAX);
        this.sentence = RemoteText.clean(Objects.requireNonNull(sentence), SENTENCE_MAX);
    }

    public static Failure of(ResultType resultType, String code, String sentence) {
        return new Failure(resultType, code, sentence);
    }

    public ResultType resultType() {
        return resultType;
    }

    public String code() {
        return code;
    }

    public String sentence() {
        return sentence;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Failure)) {
            return false;
        }
        Failure other = (Failure) o;
        return resultType == other.resultType && code.equals(other.code) && sentence.equals(other.sentence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resultType, code, sentence);
    }

    /** {@code result-type (code): sentence}, the form used in log lines. */
    @Override
    public String toString() {
        return resultType.wireName() + " (" + code + "): " + sentence;
    }
}
