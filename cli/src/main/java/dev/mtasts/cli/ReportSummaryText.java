package dev.mtasts.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mtasts.core.RemoteText;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.tlsrpt.send.DeliveryStatus;
import dev.mtasts.core.tlsrpt.DomainDayTotals;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.send.ReportStatus;

/**
 * The terminal form of {@code report summary}: one row per domain with aligned columns, one extra row per
 * further result type, a total row, then the report files of the day and where each went:
 * <pre>
 * TLS-RPT sessions on 2026-11-27 (UTC), from var/james/var/mta-sts/tlsrpt/aggregates
 *
 * DOMAIN        SUCCESSFUL  FAILED  RESULT TYPE             FAILED
 * bad.test               0       3  certificate-expired          2
 *                                   starttls-not-supported       1
 * good.test             12       0
 * TOTAL                 12       3
 *
 * Reports:
 *   sender.test!bad.test!1764201600!1764287999.json.gz
 *     mailto:tlsrpt@bad.test  delivered, 1 attempt
 * </pre>
 * Stateless.
 */
final class ReportSummaryText {
    /** Longest rua URI, note or error printed: they come from DNS and from the rua endpoints. */
    private static final int LINE_MAX = 1000;

    private static final String[] HEADER = {"DOMAIN", "SUCCESSFUL", "FAILED", "RESULT TYPE", "FAILED"};

    private ReportSummaryText() {
    }

    static void print(LocalDate day, Path source, List<DomainDayTotals> domains, List<ReportFileName> files,
            List<ReportStatus> statuses, PrintStream out) {
        out.println("TLS-RPT sessions on " + day + " (UTC), from " + source);
        out.println();
        if (domains.isEmpty()) {
            out.println("No sessions recorded on " + day + ".");
        } else {
            printTable(rows(domains), out);
        }
        printReports(files, statuses, out);
    }

    private static List<String[]> rows(List<DomainDayTotals> domains) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        long successes = 0;
        long failures = 0;
        for (DomainDayTotals totals : domains) {
            successes += totals.successfulSessions();
            failures += totals.failedSessions();
            List<String[]> types = new ArrayList<>();
            for (Map.Entry<ResultType, Long> entry : totals.failuresByResultType().entrySet()) {
                types.add(new String[] {entry.getKey().wireName(), Long.toString(entry.getValue())});
            }
            if (totals.untypedFailures() > 0) {
                types.add(new String[] {"(over the detail cap)", Long.toString(totals.untypedFailures())});
            }
            String[] first = types.isEmpty() ? new String[] {"", ""} : types.get(0);
            rows.add(new String[] {totals.domain().asciiName(), Long.toString(totals.successfulSessions()),
                Long.toString(totals.failedSessions()), first[0], first[1]});
            for (String[] type : types.subList(Math.min(1, types.size()), types.size())) {
                rows.add(new String[] {"", "", "", type[0], type[1]});
            }
        }
        rows.add(new String[] {"TOTAL", Long.toString(successes), Long.toString(failures), "", ""});
        return rows;
    }

    /** Columns 0 and 3 left-aligned, the counts right-aligned; no trailing spaces. */
    private static void printTable(List<String[]> rows, PrintStream out) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean left = i == 0 || i == 3;
                String format = "%" + (left ? "-" : "") + widths[i] + "s";
                line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static void printReports(List<ReportFileName> files, List<ReportStatus> statuses, PrintStream out) {
        Map<ReportFileName, ReportStatus> byFile = new HashMap<>();
        statuses.forEach(status -> byFile.put(status.fileName(), status));
        out.println();
        if (files.isEmpty()) {
            out.println("Reports: none made for this day yet.");
            return;
        }
        out.println("Reports:");
        for (ReportFileName file : files) {
            out.println("  " + file);
            ReportStatus status = byFile.get(file);
            if (status == null) {
                out.println("    (no delivery status)");
                continue;
            }
            if (!status.note().isEmpty()) {
                out.println("    not sent: " + RemoteText.clean(status.note(), LINE_MAX));
            }
            for (DeliveryStatus destination : status.destinations()) {
                out.println("    " + RemoteText.clean(destination.uri(), LINE_MAX) + "  " + state(destination));
            }
        }
    }

    private static String state(DeliveryStatus destination) {
        String text = destination.state().name().toLowerCase(Locale.ROOT) + ", " + destination.attempts()
                + (destination.attempts() == 1 ? " attempt" : " attempts");
        if (destination.lastError().isPresent()) {
            // the error quotes the rua endpoint's answer: remote text
            text += ", last error: " + RemoteText.clean(destination.lastError().get(), LINE_MAX);
        }
        if (destination.nextAttempt().isPresent()) {
            text += ", next attempt " + destination.nextAttempt().get();
        }
        return text;
    }
}
