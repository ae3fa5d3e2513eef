package dev.mtasts.cli;

import java.io.PrintStream;
import java.util.Locale;

import dev.mtasts.core.diagnostics.CheckReport;
import dev.mtasts.core.diagnostics.CheckStatus;
import dev.mtasts.core.diagnostics.CheckStep;

/**
 * Prints a {@link CheckReport} for people: one line per step ({@code [PASS] 1 TXT record ...: summary}),
 * {@code cause:} and {@code fix:} lines under WARN and FAIL ({@code cause:} under SKIP), the details
 * indented below, and a closing result line. Stateless.
 */
final class CheckReportText {
    private static final String INDENT = "       ";

    private CheckReportText() {
    }

    static void print(CheckReport report, PrintStream out) {
        out.println("MTA-STS check of " + report.domain() + ", step by step as a sending server sees it");
        for (CheckStep step : report.steps()) {
            out.println(tag(step.status()) + " " + step.number() + " " + step.title() + ": " + step.summary());
            if (!step.cause().isEmpty()) {
                out.println(INDENT + "cause: " + step.cause());
            }
            if (!step.fix().isEmpty()) {
                out.println(INDENT + "fix:   " + step.fix());
            }
            for (String detail : step.details()) {
                out.println(INDENT + "- " + detail);
            }
        }
        long warnings = report.count(CheckStatus.WARN);
        out.println("result: " + report.overall() + " (" + report.count(CheckStatus.PASS) + " passed, " + warnings
                + (warnings == 1 ? " warning, " : " warnings, ") + report.count(CheckStatus.FAIL) + " failed, "
                + report.count(CheckStatus.SKIPPED) + " skipped)");
    }

    private static String tag(CheckStatus status) {
        return status == CheckStatus.SKIPPED ? "[SKIP]" : "[" + status.name().toUpperCase(Locale.ROOT) + "]";
    }
}
