package dev.mtasts.core.tlsrpt.record;

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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The operator's failure log: one JSON line per failed TLS-RPT session or policy-fetch failure (and per
 * success when configured), and per local decision that weakened or delayed a delivery ({@link FailureLogNote}),
 * in {@code <dir>/failures-YYYY-MM-DD.jsonl} by the UTC day of the event.
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
    // Lock-free, bounded by queued: delivery threads never wait for the writer.
    private final ConcurrentLinkedQueue<FailureLogLine> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int queueCapacity;
    private final LongAdder dropped = new LongAdder();
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
        this.queueCapacity = queueCapacity;
    }

    /** Queues a line; never blocks, never throws. False when the queue was full (the line is counted as dropped). */
    boolean offer(FailureLogLine entry) {
        // Read before writing: under a flood of failures the shared counter is not written at all.
        if (queued.get() >= queueCapacity) {
            dropped.increment();
            return false;
        }
        if (queued.incrementAndGet() > queueCapacity) {
            queued.decrementAndGet();
            dropped.increment();
            return false;
        }
        queue.offer(entry);
        return true;
    }

    /** Lines dropped since start (queue full or write failure). */
    public long droppedLines() {
        return dropped.sum();
    }

    /** The file of {@code day}. */
    public Path file(LocalDate day) {
        return directory.resolve(PREFIX + day + SUFFIX);
    }

    /** Writes every queued line and flushes the file; sweeps old files once a day. Never throws. */
    public synchronized void flush() {
        // At most what is queued now: under a flood the writer does one queue's worth per flush and the
        // rest is dropped and counted, so it never competes with delivery threads for long.
        int batch = queued.get();
        for (int i = 0; i < batch; i++) {
            FailureLogLine entry = queue.poll();
            if (entry == null) {
                break;
            }
            queued.decrementAndGet();
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
        long droppedNow = dropped.sum();
        if (droppedNow != droppedReported) {
            LOG.warn("TLS-RPT: {} failure-log lines dropped so far ({} since the last warning): the log could not"
                    + " keep up or not write; the TLS-RPT counts are not affected", droppedNow,
                    droppedNow - droppedReported);
            droppedReported = droppedNow;
        }
    }

    private void write(FailureLogLine entry) {
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
            dropped.increment();
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
