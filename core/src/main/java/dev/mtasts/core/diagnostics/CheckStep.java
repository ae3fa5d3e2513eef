package dev.mtasts.core.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.mtasts.core.RemoteText;

/**
 * One step of the check: its number in the walk (several steps may share a number, e.g. one step 7 per MX
 * host), what was checked ({@code title}), the verdict, one line saying what was found ({@code summary}),
 * and for WARN, FAIL and SKIPPED one line of {@code cause} and (WARN, FAIL) one line of {@code fix}; plus any
 * number of detail lines (records seen, discarded records, certificate names, parser findings). Every line is
 * cleaned of control characters and capped. Immutable.
 */
public final class CheckStep {
    /**
     * Longest line kept in a step: steps quote DNS records, HTTP headers, policy lines and SMTP replies, so
     * every line is cleaned ({@link RemoteText#clean(String, int)}) before it reaches the terminal or JSON.
     */
    public static final int LINE_MAX = 1000;
    /** Most detail lines kept in one step. */
    public static final int DETAILS_MAX = 50;

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
        this.title = RemoteText.clean(Objects.requireNonNull(title), LINE_MAX);
        this.status = Objects.requireNonNull(status);
        this.summary = RemoteText.clean(Objects.requireNonNull(summary), LINE_MAX);
        this.cause = RemoteText.clean(Objects.requireNonNull(cause), LINE_MAX);
        this.fix = RemoteText.clean(Objects.requireNonNull(fix), LINE_MAX);
        this.details = cleaned(details);
    }

    /** At most {@value #DETAILS_MAX} detail lines, each cleaned; the rest counted in a last line. */
    private static List<String> cleaned(List<String> details) {
        List<String> out = new ArrayList<>(Math.min(details.size(), DETAILS_MAX + 1));
        for (int i = 0; i < details.size() && i < DETAILS_MAX; i++) {
            out.add(RemoteText.clean(Objects.requireNonNull(details.get(i)), LINE_MAX));
        }
        if (details.size() > DETAILS_MAX) {
            out.add("…and " + (details.size() - DETAILS_MAX) + " more lines");
        }
        return List.copyOf(out);
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
