package dev.mtasts.core.tlsrpt.record;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.tlsrpt.SessionResult;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.DeliveryObserver;
import dev.mtasts.core.delivery.DomainDelivery;

/**
 * Records every TLS-RPT session (RFC 8460 §4.4) of every delivery round and every policy-fetch failure
 * (RFC 8461 §6): aggregated in memory by UTC day, policy domain and applied policy, checkpointed to disk, and
 * logged line by line for operators. The {@link AggregateSource} the daily report builder reads.
 *
 * <p><b>Recording</b> ({@link #observe}, {@link #fetchFailed}) runs on the caller's thread, lock-free and
 * without I/O: counters are {@link LongAdder}s in concurrent maps, memory grows with distinct keys (day,
 * policy, failure detail; at most {@link RecorderSettings#maxFailureDetailsPerPolicy()} details per policy,
 * the rest counted as overflow, and at most {@link RecorderSettings#maxPoliciesPerDomain()} policies per domain
 * and day, the rest counted without their policy strings), never with sessions. The day is the UTC day of the attempt's time. Rounds
 * the caller marks as report mails deliver TLS reports: they are
 * logged but not counted (RFC 8460 §5, no report loops). Policy-fetch failures are counted once per
 * {@link #fetchFailed} call, never again from the {@code PolicyLookup} failure carried by each round.
 *
 * <p><b>Persistence</b>: {@link #checkpoint()} writes the full totals of every changed day to
 * {@code <data>/tlsrpt/aggregates/<day>.json} (temp file, fsync, atomic rename); the constructor loads them.
 * Files hold totals, not deltas, so a restart never counts twice, and a crash loses at most what was recorded
 * since the last checkpoint. A damaged file is set aside with a WARN; a failed write (disk full) is WARNed
 * and retried at the next checkpoint while counting goes on in memory.
 *
 * <p><b>Lifecycle</b>: construct (loads checkpoints), {@link #start()} (one daemon thread runs
 * {@link #checkpoint()} and {@link #flushFailureLog()} at their intervals), {@link #close()} (stops it, then
 * flushes the log and checkpoints a last time). All methods are thread-safe; none throws for I/O trouble.
 */
public final class TlsRptRecorder implements DeliveryObserver, PolicyEventListener, AggregateSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsRptRecorder.class);
    private static final long SECONDS_PER_DAY = 86_400L;

    private final RecorderSettings settings;
    private final Clock clock;
    private final CheckpointStore store;
    private final FailureLog failureLog;
    private final ConcurrentSkipListMap<Long, AggregateDay> days = new ConcurrentSkipListMap<>();
    private final LongAdder discardedSessions = new LongAdder();
    private final Object writeLock = new Object();
    /** Sessions of days before this epoch day are not recorded (their day was discarded). */
    private volatile long oldestKeptEpochDay = Long.MIN_VALUE;
    private volatile AggregateDay lastDay;
    private ScheduledExecutorService scheduler;

    /** Loads the checkpoints under the data directory; unreadable ones are WARNed about and skipped. */
    public TlsRptRecorder(RecorderSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.store = new CheckpointStore(settings.aggregateDirectory(), clock);
        this.failureLog = new FailureLog(settings.tlsRptDirectory(), settings.failureLogRetentionDays(),
                settings.failureLogQueueCapacity(), clock);
        for (Map.Entry<LocalDate, List<PolicySummary>> loaded : store.loadAll().entrySet()) {
            AggregateDay day = day(loaded.getKey().toEpochDay());
            for (PolicySummary summary : loaded.getValue()) {
                day.restore(summary);
            }
        }
    }

    /** Starts the background checkpoint and failure-log thread. Call once. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("the TLS-RPT recorder is already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tlsrpt-recorder");
            thread.setDaemon(true);
            return thread;
        });
        long checkpointMillis = settings.checkpointInterval().toMillis();
        long flushMillis = settings.logFlushInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkpoint, checkpointMillis, checkpointMillis, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::flushFailureLog, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    /** Records the round's sessions (see {@link SessionMapper}). Quick, no I/O, never throws. */
    @Override
    public void observe(DomainDelivery round, String mailName, boolean reportMail) {
        try {
            PolicyKey key = null;
            boolean sts = round.mode().validates();
            for (AttemptResult attempt : round.attempts()) {
                if (key == null) {
                    key = SessionMapper.policyKey(round);
                }
                SessionResult session = SessionMapper.session(attempt, key, sts);
                if (session == null) {
                    continue;
                }
                if (!reportMail) {
                    record(session);
                }
                if (!session.isSuccess() || settings.logSuccesses()) {
                    failureLog.offer(FailureLogEntry.attempt(round, session, mailName, reportMail));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("TLS-RPT: could not record the delivery round to {}", round.domain(), e);
        }
    }

    /** Logs the waiver (a failure-log line, not counted in reports). Quick, no I/O, never throws. */
    @Override
    public void policyWaived(DomainDelivery round, String mailName, boolean reportMail) {
        try {
            if (round.lookup().policy().isPresent()) {
                failureLog.offer(FailureLogNote.waived(clock.instant(), round.domain(), round.lookup().policy().get(),
                        mailName, reportMail));
            }
        } catch (RuntimeException e) {
            LOG.warn("TLS-RPT: could not log the policy waiver for {}", round.domain(), e);
        }
    }

    /**
     * Logs the failed discovery (a failure-log line). Not counted in reports: RFC 8461 §6 reports fetch
     * failures while a valid TXT record exists, and here none was read. Quick, no I/O, never throws.
     */
    @Override
    public void discoveryFailed(DomainName domain, Failure failure, String mailName, boolean deferred) {
        try {
            failureLog.offer(FailureLogNote.discoveryFailed(clock.instant(), domain, failure, mailName, deferred));
        } catch (RuntimeException e) {
            LOG.warn("TLS-RPT: could not log the failed policy discovery of {}", domain, e);
        }
    }

    /** Records a policy-fetch failure as one failed session, dated now. Quick, no I/O, never throws. */
    @Override
    public void fetchFailed(DomainName domain, Optional<String> txtId, Failure failure, Optional<CachedPolicy> cached) {
        try {
            SessionResult session = SessionMapper.fetchFailure(domain, failure, cached, clock.instant());
            record(session);
            failureLog.offer(FailureLogEntry.fetchFailure(session, txtId, cached));
        } catch (RuntimeException e) {
            LOG.warn("TLS-RPT: could not record the policy fetch failure of {}", domain, e);
        }
    }

    private void record(SessionResult session) {
        long epochDay = Math.floorDiv(session.time().getEpochSecond(), SECONDS_PER_DAY);
        if (epochDay < oldestKeptEpochDay) {
            discardedSessions.increment();
            return;
        }
        AggregateDay day = lastDay;
        if (day == null || day.epochDay() != epochDay) {
            day = day(epochDay);
            lastDay = day;
        }
        AggregateCounters counters = day.counters(session.policy());
        if (session.isSuccess()) {
            counters.addSuccesses(1);
        } else {
            counters.addFailures(session.failureDetail().get(), 1);
        }
        day.changed();
    }

    private AggregateDay day(long epochDay) {
        AggregateDay day = days.get(epochDay);
        if (day == null) {
            day = days.computeIfAbsent(epochDay,
                    d -> new AggregateDay(LocalDate.ofEpochDay(d), settings.maxFailureDetailsPerPolicy(),
                            settings.maxPoliciesPerDomain()));
        }
        return day;
    }

    @Override
    public List<LocalDate> days() {
        List<LocalDate> list = new ArrayList<>();
        for (AggregateDay day : days.values()) {
            list.add(day.day());
        }
        return list;
    }

    @Override
    public List<DomainName> domains(LocalDate day) {
        AggregateDay aggregate = days.get(day.toEpochDay());
        return aggregate == null ? List.of() : aggregate.domains();
    }

    @Override
    public Optional<DaySummary> summary(LocalDate day, DomainName domain) {
        AggregateDay aggregate = days.get(day.toEpochDay());
        return aggregate == null ? Optional.empty() : aggregate.summary(domain);
    }

    /**
     * Forgets the days before {@code oldestKept}, in memory and on disk. Sessions dated before it that arrive
     * later are not recorded (counted in {@link #discardedSessions()}): their report is already made. A session
     * being recorded at the very moment of the call may recreate its day; the next call removes it again.
     */
    @Override
    public void discardBefore(LocalDate oldestKept) {
        synchronized (writeLock) {
            long limit = oldestKept.toEpochDay();
            if (limit > oldestKeptEpochDay) {
                oldestKeptEpochDay = limit;
            }
            for (Long epochDay : new ArrayList<>(days.headMap(limit).keySet())) {
                days.remove(epochDay);
                store.delete(LocalDate.ofEpochDay(epochDay));
            }
            lastDay = null;
        }
    }

    /** Sessions not recorded because their day had been discarded. */
    public long discardedSessions() {
        return discardedSessions.sum();
    }

    /** Failure-log lines dropped because the log could not keep up or not write. */
    public long droppedLogLines() {
        return failureLog.droppedLines();
    }

    /** The failure-log file of {@code day}. */
    public java.nio.file.Path failureLogFile(LocalDate day) {
        return failureLog.file(day);
    }

    /**
     * Writes the totals of every day changed since its last checkpoint. Failures are WARNed; the day stays
     * marked changed and is written at the next checkpoint. Never throws.
     */
    public void checkpoint() {
        synchronized (writeLock) {
            for (AggregateDay day : days.values()) {
                long changes = day.changeCount();
                if (changes == day.writtenChanges()) {
                    continue;
                }
                try {
                    store.write(day.day(), day.snapshot());
                    day.written(changes);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("TLS-RPT: cannot checkpoint the aggregates of {} to {}; counting goes on in memory"
                            + " and the write is retried at the next checkpoint: {}", day.day(),
                            store.file(day.day()), e.toString());
                }
            }
        }
    }

    /** Writes the queued failure-log lines now (normally done by the background thread). Never throws. */
    public void flushFailureLog() {
        failureLog.flush();
    }

    /** Stops the background thread, flushes the failure log and writes a last checkpoint. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failureLog.close();
        checkpoint();
    }
}
