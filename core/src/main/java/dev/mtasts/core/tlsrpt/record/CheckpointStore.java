package dev.mtasts.core.tlsrpt.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.Parsed;

/**
 * The checkpoint files: {@code <dir>/<yyyy-MM-dd>.json}, one per UTC day, each the full totals of that day.
 * A write goes to a temporary file, is forced to disk, then atomically renamed over the old file, so a crash
 * leaves either the previous or the new checkpoint, never a torn one. A damaged file is moved aside
 * ({@code .corrupt-<millis>}) with a WARN and skipped. Not thread-safe: one writer (the recorder serialises
 * calls).
 */
final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String SUFFIX = ".json";
    private static final String TEMP_SUFFIX = ".json.tmp";

    private final Path directory;
    private final Clock clock;
    private final CheckpointCodec codec = new CheckpointCodec();

    CheckpointStore(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** Every readable checkpoint, by day. Never throws: unreadable files are WARNed about and skipped. */
    Map<LocalDate, List<PolicySummary>> loadAll() {
        Map<LocalDate, List<PolicySummary>> days = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return days;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    // A write that crashed before its rename: the previous checkpoint is still in place.
                    deleteQuietly(file);
                    continue;
                }
                if (!name.endsWith(SUFFIX)) {
                    continue;
                }
                LocalDate day = dayOf(name);
                if (day == null) {
                    LOG.warn("TLS-RPT: ignoring {}: not named <yyyy-MM-dd>.json", file);
                    continue;
                }
                load(file, day, days);
            }
        } catch (IOException e) {
            LOG.warn("TLS-RPT: cannot list the aggregate checkpoints in {}; starting without them: {}", directory,
                    e.toString());
        }
        return days;
    }

    private void load(Path file, LocalDate day, Map<LocalDate, List<PolicySummary>> days) {
        Parsed<List<PolicySummary>> parsed;
        try {
            parsed = codec.decode(day, Files.readAllBytes(file));
        } catch (IOException e) {
            // Set aside too: the next checkpoint of this day would otherwise replace the unread counts.
            setAside(file, "unreadable (" + e + ")");
            return;
        }
        if (parsed.isValid()) {
            days.put(day, parsed.value());
            return;
        }
        setAside(file, "damaged (" + parsed.describeErrors() + ")");
    }

    private void setAside(Path file, String problem) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
        LOG.warn("TLS-RPT: the aggregate checkpoint {} is {}; its counts are skipped and the file moved to {}", file,
                problem, aside);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("TLS-RPT: cannot move {} aside: {}", file, e.toString());
        }
    }

    /** Replaces the day's checkpoint atomically. On failure the previous checkpoint stays as it was. */
    void write(LocalDate day, List<PolicySummary> policies) throws IOException {
        byte[] bytes = codec.encode(day, policies);
        Files.createDirectories(directory);
        Path temp = directory.resolve(day + TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file(day), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        forceDirectory();
    }

    void delete(LocalDate day) {
        deleteQuietly(file(day));
    }

    Path file(LocalDate day) {
        return directory.resolve(day + SUFFIX);
    }

    private void forceDirectory() {
        // Makes the rename durable on Linux; not supported everywhere, and the data is safe without it on most
        // file systems, so failure here is ignored.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("TLS-RPT: cannot force the directory {}: {}", directory, e.toString());
        }
    }

    private static LocalDate dayOf(String name) {
        try {
            return LocalDate.parse(name.substring(0, name.length() - SUFFIX.length()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("TLS-RPT: cannot delete {}: {}", file, e.toString());
        }
    }
}
