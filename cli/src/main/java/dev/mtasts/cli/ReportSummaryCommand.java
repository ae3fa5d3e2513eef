package dev.mtasts.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.tlsrpt.record.AggregateCheckpoints;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.DomainDayTotals;
import dev.mtasts.core.tlsrpt.send.ReportArchive;
import dev.mtasts.core.tlsrpt.send.ReportStatus;
import dev.mtasts.core.tlsrpt.send.ReportStatusStore;
import dev.mtasts.core.tlsrpt.send.ReportDayJson;

/**
 * {@code report summary [--day YYYY-MM-DD] [--data-dir DIR] [--json]}: what the plugin's TLS-RPT recorder
 * counted on one UTC day, per recipient domain: successful and failed sessions, failures by result type
 * (RFC 8460 §4.3), and the day's report files with the delivery state of each destination. Reads the
 * checkpoints under {@code DIR/tlsrpt/aggregates} with {@link AggregateCheckpoints} (read-only: safe beside
 * a running James, whose counts reach the disk every few seconds), the report files and their statuses.
 * {@code --json} prints the document of WebAdmin's {@code GET /mta-sts/reports/DAY} ({@link ReportDayJson}).
 *
 * <p>Defaults: the day is yesterday (UTC) if it has a checkpoint, else today; the data directory is
 * {@value #DEFAULT_DATA_DIR}, where {@code ./run-james.sh} keeps it. Exit code 0 printed (also for a day
 * without sessions), 1 the day's checkpoint is damaged, 2 usage error or no data directory. Holds only its
 * clock: thread-safe.
 */
public final class ReportSummaryCommand implements Command {
    /** {@code data.dir} of the sample configuration, below the working directory run-james.sh gives James. */
    static final String DEFAULT_DATA_DIR = "var/james/var/mta-sts";
    private static final String DAY = "--day";
    private static final String DATA_DIR = "--data-dir";
    private static final String JSON = "--json";
    private static final String HELP = "--help";

    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    public ReportSummaryCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String synopsis() {
        return "[--day YYYY-MM-DD] [--data-dir DIR] [--json]";
    }

    @Override
    public String description() {
        return "TLS-RPT sessions of one UTC day per domain (default yesterday if recorded, else today; data dir "
                + DEFAULT_DATA_DIR + ")";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArguments arguments;
        Path dataDirectory;
        Optional<LocalDate> requestedDay;
        try {
            arguments = CommandArguments.parse(args, Set.of(JSON, HELP), Set.of(DAY, DATA_DIR));
            if (arguments.has(HELP)) {
                out.println("usage: report summary " + synopsis());
                out.println(description());
                return OK;
            }
            if (!arguments.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + arguments.positional().get(0) + "'");
            }
            dataDirectory = Path.of(single(arguments, DATA_DIR).orElse(DEFAULT_DATA_DIR));
            requestedDay = day(single(arguments, DAY));
            if (!Files.isDirectory(dataDirectory)) {
                throw new UsageException("no data directory " + dataDirectory.toAbsolutePath() + "; give the plugin's"
                        + " data.dir (conf/mta-sts.properties, relative to James's working directory) with "
                        + DATA_DIR);
            }
        } catch (UsageException e) {
            err.println("report summary: " + e.getMessage());
            err.println("usage: report summary " + synopsis());
            return USAGE;
        }
        try {
            return summarise(dataDirectory, requestedDay, arguments.has(JSON), out, err);
        } catch (IOException e) {
            err.println("report summary: cannot read " + dataDirectory + ": " + e);
            return USAGE;
        }
    }

    private int summarise(Path dataDirectory, Optional<LocalDate> requestedDay, boolean json, PrintStream out,
            PrintStream err) throws IOException {
        AggregateCheckpoints checkpoints = new AggregateCheckpoints(dataDirectory);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate day = requestedDay.orElseGet(() -> defaultDay(checkpoints, today));
        Optional<Parsed<List<DaySummary>>> read = checkpoints.read(day);
        if (read.isPresent() && !read.get().isValid()) {
            err.println("report summary: the checkpoint of " + day + " in " + checkpoints.directory() + " is damaged: "
                    + read.get().describeErrors());
            return PROBLEMS;
        }
        List<DomainDayTotals> totals = new ArrayList<>();
        read.ifPresent(parsed -> parsed.value().forEach(summary -> totals.add(DomainDayTotals.of(summary))));
        List<ReportStatus> statuses = new ReportStatusStore(dataDirectory).list(day);
        ReportArchive archive = new ReportArchive(dataDirectory);
        if (json) {
            out.println(pretty(new ReportDayJson(mapper).day(day, totals, archive.list(day), statuses)));
        } else {
            ReportSummaryText.print(day, checkpoints.directory(), totals, archive.list(day), statuses, out);
        }
        return OK;
    }

    private static LocalDate defaultDay(AggregateCheckpoints checkpoints, LocalDate today) {
        LocalDate yesterday = today.minusDays(1);
        try {
            return checkpoints.days().contains(yesterday) ? yesterday : today;
        } catch (IOException e) {
            return today;
        }
    }

    private String pretty(Object tree) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static Optional<String> single(CommandArguments arguments, String option) throws UsageException {
        List<String> values = arguments.list(option);
        if (values.size() > 1) {
            throw new UsageException(option + " takes one value, got " + values);
        }
        return values.stream().findFirst();
    }

    private static Optional<LocalDate> day(Optional<String> text) throws UsageException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.get()));
        } catch (DateTimeParseException e) {
            throw new UsageException(DAY + " '" + text.get() + "' is not a day; write YYYY-MM-DD (UTC)");
        }
    }
}
