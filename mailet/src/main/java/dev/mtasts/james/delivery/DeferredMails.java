package dev.mtasts.james.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.queue.api.MailQueue;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries that wait whatever the mail queue does with an enqueue delay. James's RabbitMQ queue (the
 * distributed server) ignores the delay and hands a re-queued mail back at once; without this, a deferred mail
 * would be retried {@code maxRetries} times within seconds and bounced.
 *
 * <p>Each re-queued mail carries its next-attempt time ({@value #ATTRIBUTE}, epoch milliseconds, kept with the
 * mail in any queue). A mail dequeued before that time is parked: stored in a James {@link MailRepository}
 * (the {@code deferredRepository} parameter; a persistent one on a server whose queue is persistent) and
 * indexed by due time in memory; the index is rebuilt from the repository at start. Every second the due
 * mails are enqueued again (without delay) and only then removed from the repository, so a crash never loses
 * a mail. A queue that honours delays (the memory server's) hands mails back when due, and nothing is parked.
 *
 * <p>Thread-safe. {@link #start()} loads the repository and starts the release thread; {@link #close()} stops
 * it (parked mails stay in the repository).
 */
final class DeferredMails implements AutoCloseable {
    static final String ATTRIBUTE = "dev.mtasts.next-attempt";
    static final AttributeName NEXT_ATTEMPT = AttributeName.of(ATTRIBUTE);
    private static final Logger LOG = LoggerFactory.getLogger(DeferredMails.class);
    private static final Duration RELEASE_PERIOD = Duration.ofSeconds(1);

    /** One parked mail in the due-time index. */
    private static final class Parked implements Comparable<Parked> {
        final long dueMillis;
        final MailKey key;

        Parked(long dueMillis, MailKey key) {
            this.dueMillis = dueMillis;
            this.key = key;
        }

        @Override
        public int compareTo(Parked other) {
            int byTime = Long.compare(dueMillis, other.dueMillis);
            return byTime != 0 ? byTime : key.asString().compareTo(other.key.asString());
        }
    }

    private final MailRepository repository;
    private final MailQueue queue;
    private final Clock clock;
    private final NavigableSet<Parked> index = new ConcurrentSkipListSet<>();
    private final Map<MailKey, Parked> byKey = new ConcurrentHashMap<>();
    private ScheduledExecutorService releaser;

    DeferredMails(MailRepository repository, MailQueue queue, Clock clock) {
        this.repository = repository;
        this.queue = queue;
        this.clock = clock;
    }

    /** Notes on {@code mail} when its next attempt is due: {@code delay} from now. */
    void schedule(Mail mail, Duration delay) {
        mail.setAttribute(new Attribute(NEXT_ATTEMPT, AttributeValue.of(clock.millis() + delay.toMillis())));
    }

    /** The next attempt noted on {@code mail}, if any. */
    static Optional<Instant> nextAttempt(Mail mail) {
        return mail.getAttribute(NEXT_ATTEMPT).map(a -> a.getValue().value()).filter(Long.class::isInstance)
                .map(v -> Instant.ofEpochMilli((Long) v));
    }

    /**
     * Parks {@code mail} if it was dequeued before its next attempt is due; the caller then acknowledges it to
     * the queue and does not deliver it. False (deliver now) when it is due or has no next-attempt time.
     *
     * @throws MessagingException when the repository cannot store it (the caller leaves it in the queue)
     */
    boolean parkIfEarly(Mail mail) throws MessagingException {
        Optional<Instant> due = nextAttempt(mail);
        if (due.isEmpty() || !clock.instant().isBefore(due.get())) {
            return false;
        }
        MailKey key = repository.store(mail);
        index(key, due.get().toEpochMilli());
        LOG.debug("MTA-STS: {} came back from the queue before its next attempt ({}); parked until then",
                mail.getName(), due.get());
        return true;
    }

    private void index(MailKey key, long dueMillis) {
        Parked parked = new Parked(dueMillis, key);
        Parked old = byKey.put(key, parked);
        if (old != null) {
            index.remove(old);
        }
        index.add(parked);
    }

    /** Mails parked now. */
    int parkedCount() {
        return byKey.size();
    }

    /**
     * Enqueues the parked mails that are due, oldest first; each is removed from the repository only once the
     * queue accepted it. A failure leaves the mail parked for the next run. Returns how many were released.
     */
    synchronized int releaseDue() {
        int released = 0;
        long now = clock.millis();
        for (Parked parked = first(); parked != null && parked.dueMillis <= now; parked = first()) {
            try {
                Mail mail = repository.retrieve(parked.key);
                if (mail != null) {
                    try {
                        queue.enQueue(mail);
                    } finally {
                        LifecycleUtil.dispose(mail);
                    }
                    repository.remove(parked.key);
                    released++;
                }
                forget(parked);
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("MTA-STS: the parked mail {} cannot be put back into the queue yet; tried again in {}: {}",
                        parked.key.asString(), RELEASE_PERIOD, e.toString());
                return released;
            }
        }
        return released;
    }

    private Parked first() {
        return index.isEmpty() ? null : index.first();
    }

    private void forget(Parked parked) {
        index.remove(parked);
        byKey.remove(parked.key, parked);
    }

    /** Loads the parked mails of a previous run into the index and starts releasing them when due. */
    synchronized void start() throws MessagingException {
        if (releaser != null) {
            throw new IllegalStateException("already started");
        }
        long now = clock.millis();
        for (Iterator<MailKey> keys = repository.list(); keys.hasNext();) {
            MailKey key = keys.next();
            Mail mail = repository.retrieve(key);
            if (mail != null) {
                index(key, nextAttempt(mail).map(Instant::toEpochMilli).orElse(now));
                LifecycleUtil.dispose(mail);
            }
        }
        if (!byKey.isEmpty()) {
            LOG.info("MTA-STS: {} deferred mail(s) parked before the restart; each is re-queued when due",
                    byKey.size());
        }
        releaser = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mta-sts-deferred-" + queue.getName().asString());
            thread.setDaemon(true);
            return thread;
        });
        long period = RELEASE_PERIOD.toMillis();
        releaser.scheduleWithFixedDelay(this::releaseQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    private void releaseQuietly() {
        try {
            releaseDue();
        } catch (RuntimeException e) {
            LOG.warn("MTA-STS: releasing deferred mails failed; tried again in {}", RELEASE_PERIOD, e);
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = releaser;
            releaser = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
    }
}
