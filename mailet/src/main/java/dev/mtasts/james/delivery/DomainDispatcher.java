package dev.mtasts.james.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.mailet.Mail;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Hands the outgoing queue's mails to a fixed set of delivery threads, at most {@code maxPerDomain} of them
 * for one recipient domain at a time.
 *
 * <p><b>Hand-off.</b> Mails are asked from the queue one at a time, only while a thread is free; the threads
 * share one work queue, so a free thread takes the next mail whatever ran on it before. (The earlier design,
 * {@code flatMap(m -> Mono.fromRunnable(..).subscribeOn(boundedElastic(n)), n)}, lost a thread each time a
 * delivery ended while mail waited: Reactor tells {@code flatMap} that the delivery is complete before it
 * releases the delivery's worker, so the next mail was given a worker bound to a thread still busy with a
 * stalled session, and the freed thread sat idle.)
 *
 * <p><b>Per-domain limit.</b> The destination is the recipient domain (every queued mail has recipients in
 * one domain): it is known without I/O when the mail is dequeued, before any MX lookup. A mail for a domain
 * already at its limit does not take a thread: it is parked in memory, unacknowledged, and handed to the
 * thread that the domain's next finished delivery frees. When {@code maxParked} mails are parked, a further
 * one is postponed: re-queued with {@code postponeDelay} and then acknowledged (its retry count unchanged, as
 * no attempt was made). Either way the queue keeps the mail until it is delivered, re-queued or bounced.
 * Mails in flight never exceed the thread count.
 *
 * <p><b>A burst to one healthy domain.</b> Postponing is for a domain that stalls: a domain whose deliveries
 * keep finishing would otherwise see most of a burst wait {@code postponeDelay} (a minute) for nothing. So
 * while a delivery to the domain finished within {@code flowWindow}, a mail for it is parked beyond
 * {@code maxParked} (at most {@code threads} more), and the queue is not asked for more mail while the parking
 * is full and parked mails were handed on within {@code flowWindow}: the queue keeps the burst until the
 * parking drains. Once no parked mail was handed on for {@code flowWindow} (the domain stalls), the queue is
 * asked again and further mail for a stalled domain is postponed as above, so other domains go ahead.
 * Parking never exceeds {@code maxParked + threads}.
 *
 * <p>Thread-safe. {@link #start} once, {@link #stop} once; stopping returns parked mails to the queue.
 */
final class DomainDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(DomainDispatcher.class);

    /** The counts a dispatcher works with. */
    static final class Limits {
        final int threads;
        final int maxPerDomain;
        final int maxParked;
        final Duration postponeDelay;
        final Duration flowWindow;

        Limits(int threads, int maxPerDomain, int maxParked, Duration postponeDelay, Duration flowWindow) {
            if (threads < 1 || maxPerDomain < 1 || maxPerDomain > threads || maxParked < 0) {
                throw new IllegalArgumentException("threads=" + threads + " maxPerDomain=" + maxPerDomain
                        + " maxParked=" + maxParked);
            }
            this.threads = threads;
            this.maxPerDomain = maxPerDomain;
            this.maxParked = maxParked;
            this.postponeDelay = postponeDelay;
            this.flowWindow = flowWindow;
        }
    }

    private final MailQueue queue;
    private final Limits limits;
    private final Consumer<MailQueueItem> handler;
    private final Consumer<Throwable> queueStopped;
    private final ExecutorService threads;
    /** Asks the queue again once the parking stopped draining ({@link Limits#flowWindow} after the last hand-on). */
    private final ScheduledExecutorService recheck;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    /** Reactive Streams §2.7: calls of request() are made one at a time (never while holding {@link #lock}). */
    private final Object requestLock = new Object();
    // Guarded by lock.
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Deque<MailQueueItem>> parked = new HashMap<>();
    private int parkedCount;
    /** When a delivery to a domain last finished (nanoTime); only for domains with mail running or parked. */
    private final Map<String, Long> lastFinished = new HashMap<>();
    /** When a parked mail was last handed to a thread (nanoTime). */
    private long lastHandOn;
    private boolean recheckPending;
    private int freeThreads;
    private int outstanding;
    private boolean stopped;
    private QueueSubscriber subscriber;
    private final LaterQueue later;

    /**
     * @param handler delivers one mail and acknowledges it to the queue; runs on a delivery thread and
     *        should not throw (what it throws is logged and the mail returned to the queue)
     * @param queueStopped told when the queue ends its stream
     * @param later puts a postponed mail back into the queue with its delay ({@link DeferredMails#enqueueLater},
     *        which holds on every queue, also one that ignores enqueue delays)
     */
    DomainDispatcher(MailQueue queue, Limits limits, Consumer<MailQueueItem> handler,
            Consumer<Throwable> queueStopped, String threadName, LaterQueue later) {
        this(queue, limits, handler, queueStopped, threadName, later, System::nanoTime);
    }

    DomainDispatcher(MailQueue queue, Limits limits, Consumer<MailQueueItem> handler,
            Consumer<Throwable> queueStopped, String threadName, LaterQueue later,
            LongSupplier nanoTime) {
        this.queue = queue;
        this.later = later;
        this.nanoTime = nanoTime;
        this.limits = limits;
        this.handler = handler;
        this.queueStopped = queueStopped;
        this.freeThreads = limits.threads;
        AtomicInteger number = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(limits.threads, limits.threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, threadName + "-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.recheck = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName + "-recheck");
            thread.setDaemon(true);
            return thread;
        });
        this.lastHandOn = nanoTime.getAsLong() - limits.flowWindow.toNanos();
    }

    void start() {
        synchronized (lock) {
            subscriber = new QueueSubscriber();
        }
        Flux.from(queue.deQueue()).subscribe(subscriber);
    }

    /** Stops asking the queue for mail, interrupts running deliveries and returns parked mails to the queue. */
    void stop() {
        List<MailQueueItem> toReturn = new ArrayList<>();
        QueueSubscriber running;
        synchronized (lock) {
            stopped = true;
            running = subscriber;
            parked.values().forEach(toReturn::addAll);
            parked.clear();
            parkedCount = 0;
        }
        if (running != null) {
            running.dispose();
        }
        threads.shutdownNow();
        recheck.shutdownNow();
        for (MailQueueItem item : toReturn) {
            returnToQueue(item);
        }
    }

    /** Recipient domain of a queued mail, lower case; the empty text for a mail without recipients. */
    static String destination(Mail mail) {
        for (MailAddress recipient : mail.getRecipients()) {
            return recipient.getDomain().asString();
        }
        return "";
    }

    private void arrived(MailQueueItem item) {
        String domain = destination(item.getMail());
        boolean run = false;
        boolean park = false;
        boolean giveBack = false;
        synchronized (lock) {
            outstanding--;
            if (stopped) {
                giveBack = true;
            } else if (inFlight.getOrDefault(domain, 0) < limits.maxPerDomain && freeThreads > 0) {
                freeThreads--;
                inFlight.merge(domain, 1, Integer::sum);
                run = true;
            } else if (parkedCount < limits.maxParked
                    || (parkedCount < limits.maxParked + limits.threads && flowing(domain))) {
                parked.computeIfAbsent(domain, d -> new ArrayDeque<>()).addLast(item);
                parkedCount++;
                park = true;
            }
        }
        if (giveBack) {
            returnToQueue(item);
            return;
        }
        if (run) {
            execute(domain, item);
        } else if (!park) {
            postpone(item, domain);
        }
        askForMore();
    }

    private void execute(String domain, MailQueueItem item) {
        try {
            threads.execute(() -> deliver(domain, item));
        } catch (RejectedExecutionException e) {
            // Stopped meanwhile: the mail goes back to the queue.
            finished(domain);
            returnToQueue(item);
        }
    }

    private void deliver(String domain, MailQueueItem item) {
        MailQueueItem next = item;
        while (next != null) {
            try {
                handler.accept(next);
            } catch (RuntimeException | Error e) {
                LOG.error("MTA-STS: delivery of {} failed unexpectedly; it goes back to the queue",
                        next.getMail().getName(), e);
                returnToQueue(next);
            }
            next = finished(domain);
            // a parked mail handed on makes room in the parking too
            askForMore();
        }
    }

    /**
     * One delivery to {@code domain} ended. Returns the domain's next parked mail for the same thread to
     * deliver (the domain keeps its count), or null after freeing the thread.
     */
    private MailQueueItem finished(String domain) {
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            lastFinished.put(domain, now);
            Deque<MailQueueItem> waiting = parked.get(domain);
            if (!stopped && waiting != null && !waiting.isEmpty()) {
                parkedCount--;
                lastHandOn = now;
                MailQueueItem next = waiting.pollFirst();
                if (waiting.isEmpty()) {
                    parked.remove(domain);
                }
                return next;
            }
            if (inFlight.computeIfPresent(domain, (d, n) -> n == 1 ? null : n - 1) == null) {
                lastFinished.remove(domain);
            }
            freeThreads++;
            return null;
        }
    }

    /** Keeps one outstanding request per free thread; the request is made outside the lock. */
    private void askForMore() {
        QueueSubscriber target;
        int need;
        synchronized (lock) {
            if (stopped || subscriber == null) {
                return;
            }
            need = freeThreads - outstanding;
            if (need <= 0) {
                return;
            }
            if (parkedCount >= limits.maxParked && within(lastHandOn, nanoTime.getAsLong())) {
                // The parking is full but draining: leave the mail in the queue for now; ask again later.
                scheduleRecheck();
                return;
            }
            outstanding += need;
            target = subscriber;
        }
        synchronized (requestLock) {
            target.request(need);
        }
    }

    /** True when a delivery to {@code domain} finished within the flow window. Caller holds {@link #lock}. */
    private boolean flowing(String domain) {
        Long finished = lastFinished.get(domain);
        return finished != null && within(finished, nanoTime.getAsLong());
    }

    private boolean within(long then, long now) {
        return now - then < limits.flowWindow.toNanos();
    }

    /** Caller holds {@link #lock}. */
    private void scheduleRecheck() {
        if (recheckPending) {
            return;
        }
        recheckPending = true;
        try {
            recheck.schedule(() -> {
                synchronized (lock) {
                    recheckPending = false;
                }
                askForMore();
            }, limits.flowWindow.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stopped
            recheckPending = false;
        }
    }

    private void postpone(MailQueueItem item, String domain) {
        Mail mail = item.getMail();
        try {
            later.enqueue(mail, limits.postponeDelay);
            item.done(MailQueueItem.CompletionStatus.SUCCESS);
            LOG.debug("MTA-STS: {} postponed by {}: {} is at its limit of {} deliveries and {} mails wait",
                    mail.getName(), limits.postponeDelay, domain, limits.maxPerDomain, limits.maxParked);
        } catch (MailQueue.MailQueueException e) {
            LOG.warn("MTA-STS: could not postpone {}; it goes back to the queue: {}", mail.getName(), e.toString());
            returnToQueue(item);
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private static void returnToQueue(MailQueueItem item) {
        try {
            item.done(MailQueueItem.CompletionStatus.RETRY);
        } catch (MailQueue.MailQueueException | RuntimeException e) {
            LOG.error("MTA-STS: could not return {} to the queue", item.getMail().getName(), e);
        }
    }

    /** Snapshot for tests and diagnostics: mails parked now. */
    int parkedCount() {
        synchronized (lock) {
            return parkedCount;
        }
    }

    private final class QueueSubscriber extends BaseSubscriber<MailQueueItem> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            askForMore();
        }

        @Override
        protected void hookOnNext(MailQueueItem item) {
            try {
                arrived(item);
            } catch (RuntimeException e) {
                LOG.error("MTA-STS: could not dispatch {}; it goes back to the queue", item.getMail().getName(), e);
                returnToQueue(item);
            }
        }

        @Override
        protected void hookOnError(Throwable error) {
            queueStopped.accept(error);
        }

        @Override
        protected void hookOnComplete() {
            queueStopped.accept(new IllegalStateException("the queue's stream completed"));
        }
    }

    /** Puts a mail back into the queue to be tried after a delay. */
    @FunctionalInterface
    interface LaterQueue {
        void enqueue(Mail mail, Duration delay) throws MailQueue.MailQueueException;
    }
}
