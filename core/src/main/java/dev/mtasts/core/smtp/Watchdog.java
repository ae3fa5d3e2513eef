package dev.mtasts.core.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a session's socket when its deadline passes, so that neither a server dripping one byte at a time nor
 * one that stops reading what we write (a blocked write has no timeout) can hold a delivery thread past it.
 * One timer thread, started at the first deadline and ended after 30 idle seconds. Thread-safe.
 */
final class Watchdog implements AutoCloseable {
    private static final Future<?> DISARMED = java.util.concurrent.CompletableFuture.completedFuture(null);

    private final ScheduledThreadPoolExecutor timer;

    Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "mta-sts-smtp-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /** Closes {@code target} when {@code deadline} passes, unless the returned future is cancelled first. */
    Future<?> arm(Deadline deadline, Closeable target) {
        try {
            return timer.schedule(() -> {
                try {
                    target.close();
                } catch (IOException e) {
                    // closing is all we wanted; the session reports the deadline
                }
            }, Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed at shutdown: the socket timeouts, set from the same deadline, still bound every read
            return DISARMED;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
