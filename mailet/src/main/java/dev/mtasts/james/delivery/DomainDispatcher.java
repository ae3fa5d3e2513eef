package dev.mtasts.james.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
 * Parking never exceeds {@code maxParked}; mails in flight never exceed the thread count.
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

        Limits(int threads, int maxPerDomain, int maxParked, Duration postponeDelay) {
            if (threads < 1 || maxPerDomain < 1 || maxPerDomain > threads || maxParked < 0) {
                throw new IllegalArgumentException("threads=" + threads + " maxPerDomain=" + maxPerDomain
                        + " maxParked=" + maxParked);
            }
            this.threads = threads;
            this.maxPerDomain = maxPerDomain;
            this.maxParked = maxParked;
            this.postponeDelay = postponeDelay;
        }
    }

    private final MailQueue queue;
    private final Limits limits;
    private final Consumer<MailQueueItem> handler;
    private final Consumer<Throwable> queueStopped;
    private final ExecutorService threads;
    private final Object lock = new Object();
    /** Reactive Streams §2.7: calls of request() are made one at a time (never while holding {@link #lock}). */
    private final Object requestLock = new Object();
    // Guarded by lock.
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Deque<MailQueueItem>> parked = new HashMap<>();
    private int parkedCount;
    private int freeThreads;
    private int outstanding;
    private boolean stopped;
    private QueueSubscriber subscriber;
    private final BiConsumer<Mail, Duration> dueTime;

    /**
     * @param handler delivers one mail and acknowledges it to the queue; runs on a delivery thread and
     *        should not throw (what it throws is logged and the mail returned to the queue)
     * @param queueStopped told when the queue ends its stream
     * @param dueTime notes on a postponed mail when it is due, so that a queue that ignores enqueue delays
     *        (RabbitMQ) cannot hand it back early ({@link DeferredMails#schedule})
     */
    DomainDispatcher(MailQueue queue, Limits limits, Consumer<MailQueueItem> handler,
            Consumer<Throwable> queueStopped, String threadName, BiConsumer<Mail, Duration> dueTime) {
        this.queue = queue;
        this.dueTime = dueTime;
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
            } else if (parkedCount < limits.maxParked) {
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
        }
        askForMore();
    }

    /**
     * One delivery to {@code domain} ended. Returns the domain's next parked mail for the same thread to
     * deliver (the domain keeps its count), or null after freeing the thread.
     */
    private MailQueueItem finished(String domain) {
        synchronized (lock) {
            Deque<MailQueueItem> waiting = parked.get(domain);
            if (!stopped && waiting != null && !waiting.isEmpty()) {
                parkedCount--;
                MailQueueItem next = waiting.pollFirst();
                if (waiting.isEmpty()) {
                    parked.remove(domain);
                }
                return next;
            }
            inFlight.computeIfPresent(domain, (d, n) -> n == 1 ? null : n - 1);
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
            outstanding += need;
            target = subscriber;
        }
        synchronized (requestLock) {
            target.request(need);
        }
    }

    private void postpone(MailQueueItem item, String domain) {
        Mail mail = item.getMail();
        try {
            dueTime.accept(mail, limits.postponeDelay);
            queue.enQueue(mail, limits.postponeDelay);
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
}
