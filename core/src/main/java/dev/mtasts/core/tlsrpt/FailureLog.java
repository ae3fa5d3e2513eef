package dev.mtasts.core.tlsrpt;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The operator's failure log: one JSON line per failed TLS-RPT session or policy-fetch failure (and per
 * success when configured), in {@code <dir>/failures-YYYY-MM-DD.jsonl} by the UTC day of the event.
 *
 * <p>{@link #offer} is called on delivery threads: it only puts the entry in a bounded queue. When the queue
 * is full the line is dropped and counted (the aggregates stay exact); the count is WARNed at the next
 * {@link #flush()}. {@link #flush()} runs on the recorder's background thread (and at close): it writes the
 * queued lines, switches files when the day changes, and deletes files older than the retention. I/O errors
 * (disk full) are WARNed, the lines concerned counted as dropped, and the file reopened at the next flush.
 * Thread-safe.
 */
final class FailureLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);
    private static final String PREFIX = "failures-";
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final int retentionDays;
    private final Clock clock;
    private final ArrayBlockingQueue<FailureLogEntry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final JsonFactory json = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    // Guarded by this.
    private long droppedReported;
    private Writer writer;
    private LocalDate writerDay;
    private LocalDate sweptDay;

    public FailureLog(Path directory, int retentionDays, int queueCapacity, Clock clock) {
        this.directory = directory;
        this.retentionDays = retentionDays;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    /** Queues a line; never blocks, never throws. False when the queue was full (the line is counted as dropped). */
    boolean offer(FailureLogEntry entry) {
        if (queue.offer(entry)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Lines dropped since start (queue full or write failure). */
    public long droppedLines() {
        return dropped.get();
    }

    /** The file of {@code day}. */
    public Path file(LocalDate day) {
        return directory.resolve(PREFIX + day + SUFFIX);
    }

    /** Writes every queued line and flushes the file; sweeps old files once a day. Never throws. */
    public synchronized void flush() {
        List<FailureLogEntry> batch = new ArrayList<>();
        queue.drainTo(batch);
        for (FailureLogEntry entry : batch) {
            write(entry);
        }
        if (writer != null) {
            try {
                writer.flush();
            } catch (IOException e) {
                LOG.warn("TLS-RPT: cannot write the failure log {}: {}", file(writerDay), e.toString());
                closeWriter();
            }
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(sweptDay)) {
            deleteOlderThan(today.minusDays(retentionDays - 1L));
            sweptDay = today;
        }
        long droppedNow = dropped.get();
        if (droppedNow != droppedReported) {
            LOG.warn("TLS-RPT: {} failure-log lines dropped so far ({} since the last warning): the log could not"
                    + " keep up or not write; the TLS-RPT counts are not affected", droppedNow,
                    droppedNow - droppedReported);
            droppedReported = droppedNow;
        }
    }

    private void write(FailureLogEntry entry) {
        try {
            LocalDate day = entry.day();
            if (writer == null || !day.equals(writerDay)) {
                closeWriter();
                Files.createDirectories(directory);
                writer = Files.newBufferedWriter(file(day), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
                writerDay = day;
            }
            try (JsonGenerator generator = json.createGenerator(writer)) {
                entry.write(generator);
            }
            writer.write('\n');
        } catch (IOException | RuntimeException e) {
            dropped.incrementAndGet();
            LOG.debug("TLS-RPT: failure-log line not written: {}", e.toString());
            closeWriter();
        }
    }

    private void deleteOlderThan(LocalDate oldestKept) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                LocalDate day = dayOf(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
                if (day != null && day.isBefore(oldestKept)) {
                    if (day.equals(writerDay)) {
                        closeWriter();
                    }
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("TLS-RPT: cannot delete old failure logs in {}: {}", directory, e.toString());
        }
    }

    private static LocalDate dayOf(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.debug("TLS-RPT: closing the failure log: {}", e.toString());
            }
            writer = null;
            writerDay = null;
        }
    }

    /** Writes what is queued and closes the file. */
    @Override
    public synchronized void close() {
        flush();
        closeWriter();
    }
}
