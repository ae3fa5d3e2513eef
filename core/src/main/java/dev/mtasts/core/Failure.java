package dev.mtasts.core;

import java.util.Objects;

/**
 * Why something failed, as a value: the TLS-RPT result type it is reported as, a short stable code for the
 * report's {@code failure-reason-code} (e.g. {@code http-status-404}), and one sentence a person can act on.
 * The same value reaches the log, the TLS-RPT record, the DSN and the diagnostics output. Immutable.
 */
public final class Failure {
    private final ResultType resultType;
    private final String code;
    private final String sentence;

    public Failure(ResultType resultType, String code, String sentence) {
        this.resultType = Objects.requireNonNull(resultType);
        this.code = Objects.requireNonNull(code);
        this.sentence = Objects.requireNonNull(sentence);
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
