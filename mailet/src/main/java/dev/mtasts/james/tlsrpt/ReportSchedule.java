package dev.mtasts.james.tlsrpt;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DurationText;
import dev.mtasts.core.tlsrpt.send.ReportScheduler;
import dev.mtasts.james.config.MtaStsConfiguration;

/**
 * The daily RFC 8460 report schedule, started and stopped with the plugin's module whatever mailets are
 * configured. The {@link ReportScheduler} needs James's default domain (the default contact address) and its
 * mailet context, neither of which is ready when James builds the module; so {@link #start()} only starts a
 * timer that builds and starts the scheduler at its first tick, one poll interval later (the scheduler's own
 * first run is a poll interval after that), and tries again at the next tick if James is not ready yet.
 * Thread-safe.
 */
@Singleton
public final class ReportSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(ReportSchedule.class);

    private final Provider<ReportScheduler> scheduler;
    private final Provider<MtaStsConfiguration> configuration;
    private Duration pollInterval;
    private ScheduledExecutorService starter;
    private ReportScheduler running;
    private boolean stopped;

    @Inject
    ReportSchedule(Provider<ReportScheduler> scheduler, Provider<MtaStsConfiguration> configuration) {
        this.scheduler = scheduler;
        this.configuration = configuration;
    }

    /** Starts the timer that starts the schedule. */
    public synchronized void start() {
        if (starter != null || stopped) {
            throw new IllegalStateException("the TLS-RPT report schedule was already started");
        }
        pollInterval = configuration.get().tlsRpt().pollInterval();
        starter = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tlsrpt-schedule-start");
            thread.setDaemon(true);
            return thread;
        });
        long period = pollInterval.toMillis();
        starter.scheduleWithFixedDelay(this::startScheduler, period, period, TimeUnit.MILLISECONDS);
    }

    private void startScheduler() {
        ReportScheduler built;
        try {
            built = scheduler.get();
        } catch (RuntimeException e) {
            LOG.warn("MTA-STS: the TLS-RPT report schedule cannot start yet, next try in {}: {}",
                    DurationText.format(pollInterval), e.getMessage());
            return;
        }
        synchronized (this) {
            if (stopped) {
                built.close();
                return;
            }
            running = built;
            built.start();
            starter.shutdown();
        }
    }

    /** Stops the schedule (or the timer that would have started it); a second call does nothing more. */
    public void stop() {
        ReportScheduler scheduled;
        synchronized (this) {
            stopped = true;
            if (starter != null) {
                starter.shutdownNow();
            }
            scheduled = running;
            running = null;
        }
        if (scheduled != null) {
            scheduled.close();
        }
    }
}
