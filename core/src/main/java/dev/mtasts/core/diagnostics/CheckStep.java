package dev.mtasts.core.diagnostics;

import java.util.List;
import java.util.Objects;

/**
 * One step of the check: its number in the walk (several steps may share a number, e.g. one step 7 per MX
 * host), what was checked ({@code title}), the verdict, one line saying what was found ({@code summary}),
 * and for WARN, FAIL and SKIPPED one line of {@code cause} and (WARN, FAIL) one line of {@code fix}; plus any
 * number of detail lines (records seen, discarded records, certificate names, parser findings). Immutable.
 */
public final class CheckStep {
    private final int number;
    private final String title;
    private final CheckStatus status;
    private final String summary;
    private final String cause;
    private final String fix;
    private final List<String> details;

    private CheckStep(int number, String title, CheckStatus status, String summary, String cause, String fix,
            List<String> details) {
        this.number = number;
        this.title = Objects.requireNonNull(title);
        this.status = Objects.requireNonNull(status);
        this.summary = Objects.requireNonNull(summary);
        this.cause = Objects.requireNonNull(cause);
        this.fix = Objects.requireNonNull(fix);
        this.details = List.copyOf(details);
    }

    public static CheckStep pass(int number, String title, String summary, List<String> details) {
        return new CheckStep(number, title, CheckStatus.PASS, summary, "", "", details);
    }

    public static CheckStep warn(int number, String title, String summary, String cause, String fix,
            List<String> details) {
        return new CheckStep(number, title, CheckStatus.WARN, summary, cause, fix, details);
    }

    public static CheckStep fail(int number, String title, String summary, String cause, String fix,
            List<String> details) {
        return new CheckStep(number, title, CheckStatus.FAIL, summary, cause, fix, details);
    }

    /** A step not run because {@code cause} (e.g. "step 2 failed: ..."). */
    public static CheckStep skipped(int number, String title, String cause) {
        return new CheckStep(number, title, CheckStatus.SKIPPED, "not checked", cause, "", List.of());
    }

    public int number() {
        return number;
    }

    /** What was checked, e.g. "TXT record _mta-sts.example.com". */
    public String title() {
        return title;
    }

    public CheckStatus status() {
        return status;
    }

    /** One line saying what was found, e.g. "v=STSv1; id=20240101". */
    public String summary() {
        return summary;
    }

    /** Why the step warns, fails or was skipped; empty for PASS. */
    public String cause() {
        return cause;
    }

    /** What to change; empty for PASS and SKIPPED. */
    public String fix() {
        return fix;
    }

    /** Further lines: what was seen on the way. */
    public List<String> details() {
        return details;
    }

    @Override
    public String toString() {
        return status + " " + number + " " + title + ": " + summary + (cause.isEmpty() ? "" : " (" + cause + ")");
    }
}
