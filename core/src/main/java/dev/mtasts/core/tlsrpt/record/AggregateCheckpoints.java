package dev.mtasts.core.tlsrpt.record;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * Read-only access to the aggregate checkpoints the {@link TlsRptRecorder} writes under
 * {@code <data>/tlsrpt/aggregates/<yyyy-MM-dd>.json}, for tools that run beside James (the {@code report
 * summary} command). Unlike the recorder it never moves, deletes or writes a file, so it is safe on the data
 * directory of a running James; files are read with the recorder's own codec. A checkpoint is replaced by an
 * atomic rename, so a read sees either the previous or the new totals.
 *
 * <p>Stateless apart from the directory; thread-safe. Listing or reading a directory or file that cannot be
 * read throws {@link IOException}; a damaged file is an invalid {@link Parsed} naming the damage.
 */
public final class AggregateCheckpoints {
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final CheckpointCodec codec = new CheckpointCodec();

    /** {@code dataDirectory}: the plugin's data directory ({@code data.dir}). */
    public AggregateCheckpoints(Path dataDirectory) {
        this.directory = RecorderSettings.builder(Objects.requireNonNull(dataDirectory)).build().aggregateDirectory();
    }

    /** {@code <data>/tlsrpt/aggregates}. */
    public Path directory() {
        return directory;
    }

    /** The days that have a checkpoint file, oldest first; empty when the directory does not exist. */
    public List<LocalDate> days() throws IOException {
        List<LocalDate> days = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return days;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    days.add(LocalDate.parse(name.substring(0, name.length() - SUFFIX.length())));
                } catch (DateTimeParseException e) {
                    // not a checkpoint (the recorder ignores it too)
                }
            }
        }
        days.sort(null);
        return days;
    }

    /**
     * The day's totals per policy domain, sorted by domain; empty when the day has no checkpoint, invalid when
     * the file is damaged.
     */
    public Optional<Parsed<List<DaySummary>>> read(LocalDate day) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(directory.resolve(day + SUFFIX));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Parsed<List<PolicySummary>> parsed = codec.decode(day, bytes);
        if (!parsed.isValid()) {
            return Optional.of(Parsed.invalid(parsed.errors()));
        }
        Map<DomainName, List<PolicySummary>> byDomain = new TreeMap<>();
        for (PolicySummary summary : parsed.value()) {
            byDomain.computeIfAbsent(summary.policy().policyDomain(), d -> new ArrayList<>()).add(summary);
        }
        List<DaySummary> summaries = new ArrayList<>();
        byDomain.forEach((domain, policies) -> summaries.add(new DaySummary(day, domain, policies)));
        return Optional.of(Parsed.valid(summaries));
    }
}
