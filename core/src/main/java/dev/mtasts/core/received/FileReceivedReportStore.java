package dev.mtasts.core.received;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;

/**
 * Received reports as files under one directory (by default {@code <data.dir>/received/}):
 * <pre>
 * reports/2026-11-28/&lt;sha256(report-id)&gt;-&lt;sha256(json)&gt;.json   the report JSON as received (inflated)
 * set-aside/&lt;received-at&gt;-&lt;sha256&gt;.eml + .reason.txt           mails whose report could not be read
 * duplicates.log                                                  one line per duplicate dropped
 * </pre>
 * A file name holds the report's identity, so a duplicate is found without an index and a restart loses
 * nothing. Files are written to a temporary name and moved into place. {@link #deleteBefore} (run by the
 * daily TLS-RPT retention clean-up) removes the day directories before the oldest day kept, the set-aside
 * mails and the duplicate lines received before it. Reading re-parses each file with
 * {@link ReceivedReportParser}; a file that no longer parses is skipped with a WARN. Thread-safe (one lock:
 * one James node per directory).
 */
public final class FileReceivedReportStore implements ReceivedReportStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileReceivedReportStore.class);
    private static final int HASH_CHARS = 24;

    private final Path reports;
    private final Path setAside;
    private final Path duplicates;
    private final ReceivedReportParser parser;

    public FileReceivedReportStore(Path root, ReceivedReportParser parser) {
        this.reports = root.resolve("reports");
        this.setAside = root.resolve("set-aside");
        this.duplicates = root.resolve("duplicates.log");
        this.parser = parser;
    }

    @Override
    public synchronized Outcome store(ReceivedReport report, byte[] json, Instant receivedAt) throws IOException {
        Path file = reports.resolve(report.day().toString())
                .resolve(sha256(report.reportId().getBytes(StandardCharsets.UTF_8)) + "-" + sha256(json) + ".json");
        if (Files.exists(file)) {
            Files.createDirectories(duplicates.getParent());
            Files.writeString(duplicates, receivedAt + " " + RemoteText.clean(report.reportId(), 256) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return Outcome.DUPLICATE;
        }
        write(file, json);
        return Outcome.STORED;
    }

    @Override
    public synchronized void keepAside(byte[] message, String reason, Instant receivedAt) throws IOException {
        String base = receivedAt.toString().replace(':', '-') + "-" + sha256(message);
        write(setAside.resolve(base + ".eml"), message);
        write(setAside.resolve(base + ".reason.txt"),
                (receivedAt + "\n" + RemoteText.clean(reason, 2048) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized List<ReceivedReport> reports(LocalDate from, LocalDate to) throws IOException {
        List<ReceivedReport> out = new ArrayList<>();
        for (Path dayDirectory : list(reports)) {
            LocalDate day;
            try {
                day = LocalDate.parse(dayDirectory.getFileName().toString());
            } catch (DateTimeParseException e) {
                continue;
            }
            if (day.isBefore(from) || day.isAfter(to)) {
                continue;
            }
            for (Path file : list(dayDirectory)) {
                if (!file.getFileName().toString().endsWith(".json")) {
                    continue;
                }
                Parsed<ReceivedReport> parsed = parser.parseJson(Files.readAllBytes(file));
                if (parsed.isValid()) {
                    out.add(parsed.value());
                } else {
                    LOG.warn("MTA-STS: received report {} no longer parses, skipped: {}", file, parsed.describeErrors());
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<SetAside> setAside() throws IOException {
        List<SetAside> out = new ArrayList<>();
        for (Path file : list(setAside)) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".reason.txt")) {
                continue;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Instant at = lines.isEmpty() ? Instant.EPOCH : parseInstant(lines.get(0));
            String reason = lines.size() > 1 ? lines.get(1) : "";
            out.add(new SetAside(name.substring(0, name.length() - ".reason.txt".length()) + ".eml", at, reason));
        }
        return out;
    }

    @Override
    public synchronized long duplicates() throws IOException {
        if (!Files.exists(duplicates)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(duplicates, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        }
    }

    @Override
    public synchronized int deleteBefore(LocalDate oldest) throws IOException {
        int deleted = 0;
        for (Path dayDirectory : list(reports)) {
            LocalDate day;
            try {
                day = LocalDate.parse(dayDirectory.getFileName().toString());
            } catch (DateTimeParseException e) {
                continue;
            }
            if (day.isBefore(oldest)) {
                for (Path file : list(dayDirectory)) {
                    Files.deleteIfExists(file);
                    deleted += file.getFileName().toString().endsWith(".json") ? 1 : 0;
                }
                Files.deleteIfExists(dayDirectory);
            }
        }
        Instant start = oldest.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (SetAside kept : setAside()) {
            if (kept.receivedAt().isBefore(start)) {
                String base = kept.name().substring(0, kept.name().length() - ".eml".length());
                Files.deleteIfExists(setAside.resolve(kept.name()));
                Files.deleteIfExists(setAside.resolve(base + ".reason.txt"));
                deleted++;
            }
        }
        if (Files.exists(duplicates)) {
            List<String> kept = Files.readAllLines(duplicates, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !parseInstant(line.split(" ", 2)[0]).isBefore(start))
                    .collect(Collectors.toList());
            write(duplicates, kept.stream().map(line -> line + "\n").collect(Collectors.joining())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return deleted;
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** The entries of {@code directory} sorted by name; empty when it does not exist. */
    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().collect(Collectors.toList());
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, content);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b));
            }
            return hex.substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
