package dev.mtasts.core.tlsrpt.send;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.core.tlsrpt.TlsRptTxtParser;
import dev.mtasts.core.Parsed;

/**
 * Delivers report files to their rua destinations and drives the retries: each destination has its own
 * {@link DeliveryStatus}, persisted in the {@link ReportStatusStore} after every attempt, so a restart
 * resumes where it stopped. A failed attempt is retried with {@link DeliveryBackoff} (RFC 8460 §5.4: up to
 * 24 hours, exponential backoff); then the destination is FAILED and a WARN names it and the last error.
 * Other destinations of the same report are unaffected. A TXT lookup that failed when the report was built
 * is a pending destination of its own ({@code dns:} URI, RFC 4501), retried on the same schedule and replaced
 * by the record's rua destinations once found. The store is scanned once; afterwards only reports
 * with pending destinations are read. Thread-safe: runs of {@link #deliverDue()} are serialised; reports are
 * worked on in parallel on the delivery's own daemon threads ({@link #close()} stops them).
 */
public final class ReportDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportDelivery.class);
    /** How many reports are delivered at the same time. */
    static final int PARALLEL_REPORTS = 4;

    private final Map<ReportUri.Scheme, ReportSender> senders = new EnumMap<>(ReportUri.Scheme.class);
    private final ReportArchive archive;
    private final ReportStatusStore store;
    private final Clock clock;
    private final DeliveryBackoff backoff;
    private final TlsRptTxtLookup lookup;
    private final Object runLock = new Object();
    private final ExecutorService workers;
    /** Reports with a pending destination; null until the first run has scanned the store. Guarded by this. */
    private Set<ReportFileName> pending;

    public ReportDelivery(List<ReportSender> senders, TlsRptTxtLookup lookup, ReportArchive archive,
            ReportStatusStore store, Clock clock, DeliveryBackoff backoff) {
        this.lookup = Objects.requireNonNull(lookup);
        for (ReportSender sender : senders) {
            this.senders.put(sender.scheme(), sender);
        }
        this.archive = Objects.requireNonNull(archive);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.backoff = Objects.requireNonNull(backoff);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL_REPORTS, PARALLEL_REPORTS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "tlsrpt-delivery");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    /**
     * Records a report file just written: every destination pending and due now; none, with the note saying
     * why, when the report is not to be sent; or, when the TXT lookup failed, the lookup itself as a pending
     * destination ({@link TlsRptTxtLookup#lookupUri}) that is retried like a delivery.
     */
    public synchronized ReportStatus register(ReportPart part, TlsRptTxtLookup.Destinations destinations)
            throws IOException {
        Instant now = clock.instant();
        List<DeliveryStatus> pendingDestinations = new ArrayList<>();
        if (destinations.isTemporary()) {
            pendingDestinations.add(DeliveryStatus.pending(TlsRptTxtLookup.lookupUri(part.report().policyDomain()), now));
        }
        for (ReportUri destination : destinations.uris()) {
            pendingDestinations.add(DeliveryStatus.pending(destination.uri(), now));
        }
        ReportStatus status = new ReportStatus(part.fileName(), part.report().reportId(), now, destinations.note(),
                pendingDestinations);
        store.save(status);
        if (pending != null && !pendingDestinations.isEmpty()) {
            pending.add(part.fileName());
        }
        return status;
    }

    /**
     * Makes one attempt for every destination due now; returns how many attempts were made. Reports are
     * worked on in parallel ({@link #PARALLEL_REPORTS} at a time), the destinations of one report in turn, so
     * an endpoint that drips until its deadline delays only the other destinations of its own report. Runs
     * are serialised; {@link #register} is not held up by a run.
     */
    public int deliverDue() throws IOException {
        synchronized (runLock) {
            Instant now = clock.instant();
            List<ReportFileName> names;
            synchronized (this) {
                if (pending == null) {
                    pending = new TreeSet<>(Comparator.comparing(ReportFileName::toString));
                    for (ReportStatus status : store.listAll()) {
                        if (status.hasPending()) {
                            pending.add(status.fileName());
                        }
                    }
                }
                names = new ArrayList<>(pending);
            }
            List<Future<Integer>> runs = new ArrayList<>();
            for (ReportFileName name : names) {
                runs.add(workers.submit(() -> deliverDue(name, now)));
            }
            int attempts = 0;
            for (int i = 0; i < runs.size(); i++) {
                try {
                    attempts += runs.get(i).get();
                } catch (ExecutionException e) {
                    LOG.warn("TLS-RPT delivery of report {} failed; tried again at the next run: {}", names.get(i),
                            String.valueOf(e.getCause()), e.getCause());
                } catch (InterruptedException e) {
                    runs.forEach(run -> run.cancel(true));
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return attempts;
        }
    }

    /** One report: one attempt for each of its destinations due at {@code now}. */
    private int deliverDue(ReportFileName name, Instant now) throws IOException {
        Optional<ReportStatus> loaded = store.load(name);
        if (loaded.isEmpty() || !loaded.get().hasPending()) {
            forget(name);
            return 0;
        }
        ReportStatus status = loaded.get();
        if (!status.hasDue(now)) {
            return 0;
        }
        int attempts = 0;
        ReportStatus current = status;
        Optional<byte[]> gzip = readReport(status.fileName());
        for (DeliveryStatus destination : status.destinations()) {
            if (destination.isDue(now) && TlsRptTxtLookup.isLookupUri(destination.uri())) {
                current = lookUpAgain(current, destination, now);
                attempts++;
            } else if (destination.isDue(now)) {
                DeliveryOutcome outcome = gzip.isPresent()
                        ? attempt(destination.uri(), new ReportDocument(status.fileName(), status.reportId(), gzip.get()))
                        : DeliveryOutcome.failed("the report file " + status.fileName() + " cannot be read");
                current = current.with(record(status, destination, outcome, now));
                attempts++;
            }
        }
        store.save(current);
        if (!current.hasPending()) {
            forget(name);
        }
        return attempts;
    }

    private synchronized void forget(ReportFileName name) {
        pending.remove(name);
    }

    /** Stops the delivery threads (an attempt in progress is interrupted). */
    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** Repeats a failed TXT lookup: real destinations replace it when found, else it is retried or closed. */
    private ReportStatus lookUpAgain(ReportStatus status, DeliveryStatus lookupStatus, Instant now) {
        TlsRptTxtLookup.Destinations found = lookup.destinations(status.fileName().policyDomain());
        if (found.isTemporary()) {
            return status.with(record(status, lookupStatus, DeliveryOutcome.failed(found.note()), now));
        }
        if (found.uris().isEmpty()) {
            return status.with(lookupStatus.attemptFailed(now, found.note(), Optional.empty())).withNote(found.note());
        }
        List<DeliveryStatus> destinations = new ArrayList<>();
        for (ReportUri uri : found.uris()) {
            destinations.add(DeliveryStatus.pending(uri.uri(), now));
        }
        LOG.info("TLS-RPT: the record of {} was found on attempt {}; report {} goes to {}",
                status.fileName().policyDomain(), lookupStatus.attempts() + 1, status.fileName(), found.uris());
        return status.replacing(lookupStatus.uri(), destinations).withNote("");
    }

    private Optional<byte[]> readReport(ReportFileName name) {
        try {
            return Optional.of(archive.read(name));
        } catch (IOException e) {
            LOG.warn("TLS-RPT report file {} cannot be read: {}", name, e.toString());
            return Optional.empty();
        }
    }

    private DeliveryOutcome attempt(String uri, ReportDocument document) {
        Parsed<ReportUri> destination = TlsRptTxtParser.parseUri(uri);
        if (!destination.isValid()) {
            return DeliveryOutcome.failed(uri + " is not usable: " + destination.describeErrors());
        }
        ReportSender sender = senders.get(destination.value().scheme());
        if (sender == null) {
            return DeliveryOutcome.failed("no sender is configured for " + uri);
        }
        return sender.send(destination.value(), document);
    }

    private DeliveryStatus record(ReportStatus report, DeliveryStatus destination, DeliveryOutcome outcome,
            Instant now) {
        if (outcome.isDelivered()) {
            LOG.info("TLS-RPT report {} delivered to {}", report.fileName(), destination.uri());
            return destination.delivered(now);
        }
        String error = outcome.error().orElse("unknown error");
        Instant first = destination.firstAttempt().orElse(now);
        Optional<Instant> next = backoff.nextAttempt(first, destination.attempts() + 1, now);
        if (next.isPresent()) {
            LOG.info("TLS-RPT report {} not delivered to {} (attempt {}): {}; next attempt at {}", report.fileName(),
                    destination.uri(), destination.attempts() + 1, error, next.get());
        } else {
            LOG.warn("TLS-RPT report {} could not be delivered to {}: given up after {} attempts over {} hours;"
                    + " last error: {}", report.fileName(), destination.uri(), destination.attempts() + 1,
                    DeliveryBackoff.WINDOW.toHours(), error);
        }
        return destination.attemptFailed(now, error, next);
    }
}
