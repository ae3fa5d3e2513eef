package dev.mtasts.core.tlsrpt.send;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportId;
import dev.mtasts.core.DomainName;

/**
 * Builds the daily RFC 8460 reports and drives their delivery. After each UTC midnight plus a random delay
 * (RFC 8460 §4.1: reports are sent after a delay, so that receivers are not flooded at 00:00), every
 * past day with data that has no report file yet gets one report per policy domain: written to disk always,
 * sent to the {@code rua} of the domain's one valid {@code _smtp._tls} record when sending is on. A missing or
 * malformed record never stops the others: the report stays on disk, its status says why, a malformed record
 * is logged at WARN with the domain and the reason.
 *
 * <p>All decisions read the injected {@link Clock}; {@link #runDue()} does whatever is due now (tests call it
 * after moving the clock), {@link #start()} runs its two halves, building (with the retention clean-up) and
 * delivering, every poll interval on threads of their own. Thread-safe: runs of each half are serialised;
 * both log and swallow failures so the schedule never stops.
 */
public final class ReportScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);

    private final ReportSettings settings;
    private final AggregateSource aggregates;
    private final TlsRptTxtLookup lookup;
    private final ReportArchive archive;
    private final ReportStatusStore statuses;
    private final ReportDelivery delivery;
    private final ReportSplitter splitter;
    private final Clock clock;
    private final Random random;
    private final List<Expiring> alsoExpiring;
    private LocalDate delayDay;
    private Duration delay;
    private LocalDate retentionDoneFor;
    private ScheduledExecutorService executor;

    /** {@code random}: the source of the daily delay and the report tokens (a SecureRandom in production). */
    public ReportScheduler(ReportSettings settings, AggregateSource aggregates, TlsRptTxtLookup lookup,
            ReportArchive archive, ReportStatusStore statuses, ReportDelivery delivery, Clock clock, Random random) {
        this(settings, aggregates, lookup, archive, statuses, delivery, clock, random, List.of());
    }

    /** {@code alsoExpiring}: other data under the same retention, cleaned up with the reports (received reports). */
    public ReportScheduler(ReportSettings settings, AggregateSource aggregates, TlsRptTxtLookup lookup,
            ReportArchive archive, ReportStatusStore statuses, ReportDelivery delivery, Clock clock, Random random,
            List<Expiring> alsoExpiring) {
        this.alsoExpiring = List.copyOf(alsoExpiring);
        this.settings = Objects.requireNonNull(settings);
        this.aggregates = Objects.requireNonNull(aggregates);
        this.lookup = Objects.requireNonNull(lookup);
        this.archive = Objects.requireNonNull(archive);
        this.statuses = Objects.requireNonNull(statuses);
        this.delivery = Objects.requireNonNull(delivery);
        this.splitter = new ReportSplitter(settings.maxReportBytes());
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    /** When today's reports are due: today's UTC midnight plus today's random delay. */
    public synchronized Instant dueAt() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(delayDay)) {
            delayDay = today;
            delay = Duration.ofMillis((long) (random.nextDouble() * settings.maxRandomDelay().toMillis()));
        }
        return today.atStartOfDay(ZoneOffset.UTC).toInstant().plus(delay);
    }

    /**
     * Builds the reports that are due, deletes expired files, then makes the delivery attempts that are due:
     * {@link #runReports()} then {@link #runDeliveries()} on the calling thread.
     */
    public void runDue() {
        runReports();
        runDeliveries();
    }

    /** Builds the reports that are due and deletes expired files; never waits for a delivery in progress. */
    public synchronized void runReports() {
        try {
            Instant now = clock.instant();
            if (!now.isBefore(dueAt())) {
                LocalDate today = delayDay;
                LocalDate oldest = today.minusDays(settings.retentionDays());
                buildReports(today, oldest);
                applyRetention(today, oldest);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("TLS-RPT report run failed; it is tried again at the next run: {}", e.toString(), e);
        }
    }

    /** Makes the delivery attempts that are due (each bounded by its sender's deadline). */
    public void runDeliveries() {
        try {
            delivery.deliverDue();
        } catch (IOException | RuntimeException e) {
            LOG.warn("TLS-RPT delivery run failed; it is tried again at the next run: {}", e.toString(), e);
        }
    }

    private void buildReports(LocalDate today, LocalDate oldest) throws IOException {
        Set<String> written = new HashSet<>();
        for (ReportFileName name : archive.list()) {
            written.add(name.dayPrefix());
        }
        for (LocalDate day : aggregates.days()) {
            if (!day.isBefore(today) || day.isBefore(oldest)) {
                continue;
            }
            for (DomainName domain : aggregates.domains(day)) {
                try {
                    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                    String prefix = new ReportFileName(settings.submitter(), domain, start.getEpochSecond(),
                            start.getEpochSecond() + 86_399, Optional.empty()).dayPrefix();
                    if (!written.contains(prefix)) {
                        Optional<DaySummary> summary = aggregates.summary(day, domain);
                        if (summary.isPresent()) {
                            build(summary.get());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("TLS-RPT report of {} for {} could not be written; tried again at the next run: {}",
                            domain, day, e.toString(), e);
                }
            }
        }
    }

    private void build(DaySummary summary) throws IOException {
        if (summary.policies().isEmpty()) {
            return;
        }
        DomainName domain = summary.policyDomain();
        ReportId id = new ReportId(summary.day(), domain, String.format("%016x", random.nextLong()),
                settings.submitter());
        Report report = new Report(settings.organizationName(), settings.contactInfo(), id.whole(), summary.day(),
                domain, summary.policies());
        List<ReportPart> parts = splitter.split(report, id);
        TlsRptTxtLookup.Destinations destinations = settings.sendingEnabled() ? lookup.destinations(domain)
                : TlsRptTxtLookup.Destinations.none("sending is disabled");
        for (ReportPart part : parts) {
            archive.write(part);
        }
        for (ReportPart part : parts) {
            delivery.register(part, destinations);
        }
        LOG.info("TLS-RPT report of {} for {} written ({} file(s)){}", domain, summary.day(), parts.size(),
                destinations.isTemporary() ? ", not sent yet: " + destinations.note() + " (retried)"
                        : destinations.uris().isEmpty() ? ", not sent: " + destinations.note()
                        : ", to be sent to " + destinations.uris());
    }

    private void applyRetention(LocalDate today, LocalDate oldest) throws IOException {
        if (today.equals(retentionDoneFor)) {
            return;
        }
        int files = archive.deleteBefore(oldest);
        int states = statuses.deleteBefore(oldest);
        aggregates.discardBefore(oldest); // never reported again (buildReports skips days before oldest)
        int other = 0;
        for (Expiring expiring : alsoExpiring) {
            other += expiring.deleteBefore(oldest);
        }
        retentionDoneFor = today;
        if (files + states + other > 0) {
            LOG.info("TLS-RPT retention: deleted {} report file(s), {} status file(s) and {} received report(s) or"
                    + " set-aside mail(s) before {}", files, states, other, oldest);
        }
    }

    /** Data kept for {@code tlsrpt.retention.days} besides the reports: deletes what is older than a day. */
    @FunctionalInterface
    public interface Expiring {
        /** Deletes what belongs to days before {@code oldest}; returns how many items it deleted. */
        int deleteBefore(LocalDate oldest) throws IOException;
    }

    /**
     * Starts calling {@link #runReports()} and {@link #runDeliveries()} every poll interval, each on a daemon
     * thread of its own: a delivery held up by a slow endpoint never delays building reports or the retention
     * clean-up.
     */
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "tlsrpt-reports");
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::runReports, period, period, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::runDeliveries, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule and the delivery threads (runs in progress are interrupted). */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        Optional.ofNullable(running).ifPresent(ScheduledExecutorService::shutdownNow);
        delivery.close();
    }
}
