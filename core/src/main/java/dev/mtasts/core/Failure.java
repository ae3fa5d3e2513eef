package dev.mtasts.core;

import java.util.Objects;

/**
 * Why something failed, as a value: the TLS-RPT result type it is reported as, a short stable code for the
 * report's {@code failure-reason-code} (e.g. {@code http-status-404}), and one sentence a person can act on.
 * The same value reaches the log, the TLS-RPT record, the DSN and the diagnostics output, so its text is
 * cleaned and capped on construction. Immutable.
 */
public final class Failure {
    private final FailureCode failureCode;
    private final ResultType resultType;
    private final String code;
    private final String sentence;

    /** Longest sentence kept; longer ones are cut with a count of what was left out. */
    public static final int SENTENCE_MAX = 1000;
    /** Longest reason code kept (the codes this plugin makes are far shorter). */
    public static final int CODE_MAX = 64;

    /**
     * The sentence is cleaned here, once for every failure: sentences are often built from remote text
     * (replies, headers, policy lines), so control characters are escaped and the length capped
     * ({@link RemoteText#clean(String, int)}) before the value reaches a log, a record, a report or a DSN.
     */
    private Failure(FailureCode failureCode, String code, String sentence) {
        this.failureCode = failureCode;
        this.resultType = failureCode.resultType();
        this.code = RemoteText.clean(code, CODE_MAX);
        this.sentence = RemoteText.clean(Objects.requireNonNull(sentence), SENTENCE_MAX);
    }

    /** A failure of {@code code}, which must not be one of the numbered families. */
    public static Failure of(FailureCode code, String sentence) {
        if (code.numbered()) {
            throw new IllegalArgumentException(code + " needs its number: use of(code, number, sentence)");
        }
        return new Failure(code, code.wireCode(), sentence);
    }

    /** A failure of a numbered family: {@code of(HTTP_STATUS, 404, ...)} has the code {@code http-status-404}. */
    public static Failure of(FailureCode code, int number, String sentence) {
        if (!code.numbered()) {
            throw new IllegalArgumentException(code + " takes no number");
        }
        return new Failure(code, code.wireCode() + number, sentence);
    }

    /** The same failure with {@code more} added to its sentence. */
    public Failure withMore(String more) {
        return new Failure(failureCode, code, sentence + more);
    }

    /** Which failure of the closed list this is. */
    public FailureCode failureCode() {
        return failureCode;
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
        return failureCode == other.failureCode && code.equals(other.code) && sentence.equals(other.sentence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failureCode, code, sentence);
    }

    /** {@code result-type (code): sentence}, the form used in log lines. */
    @Override
    public String toString() {
        return resultType.wireName() + " (" + code + "): " + sentence;
    }
}
