package dev.mtasts.james.tlsrpt;

import javax.inject.Singleton;

import dev.mtasts.core.tlsrpt.ReportScheduler;

/**
 * The report schedule once it runs (it starts with the first delivery mailet), so that James's stop can
 * end it without creating one. Thread-safe.
 */
@Singleton
public final class RunningReportSchedule {
    private volatile ReportScheduler running;

    void started(ReportScheduler scheduler) {
        this.running = scheduler;
    }

    /** Stops the schedule if it was started. */
    public void stop() {
        ReportScheduler scheduler = running;
        if (scheduler != null) {
            scheduler.close();
        }
    }
}
