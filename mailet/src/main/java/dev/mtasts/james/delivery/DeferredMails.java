package dev.mtasts.james.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.UUID;
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
import org.apache.james.queue.api.ManageableMailQueue;
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
 * mails are enqueued again (without delay). A queue that honours delays (the memory server's) hands mails back
 * when due, and nothing is parked.
 *
 * <p><b>Exactly once across a crash.</b> Releasing a mail takes three writes: (1) the entry is stored again
 * marked "releasing" with a fresh token ({@value #TOKEN_ATTRIBUTE}), (2) the mail is enqueued carrying that
 * token, (3) the entry is removed. A crash before (1) leaves a plain parked entry; after (3) only the queued
 * mail. A crash between them leaves a releasing entry, settled at the next {@link #start()} (before this node
 * consumes): when the queue can be browsed ({@link ManageableMailQueue}: James's memory and RabbitMQ queues)
 * and holds a mail with the token, the entry is only removed; otherwise the mail is enqueued (again) and then
 * removed. Where the queue cannot be browsed, or another node took the mail from a shared queue in the
 * microseconds between (2) and (3), that is a second copy: at-least-once, never a loss. On this node, a
 * dequeued mail that carries a token waits until its release finished (and removes a releasing entry with
 * that token still present), so it is never delivered while its entry could still be released again.
 *
 * <p>Thread-safe. {@link #start()} loads the repository and starts the release thread; {@link #close()} stops
 * it (parked mails stay in the repository).
 */
final class DeferredMails implements AutoCloseable {
    static final String ATTRIBUTE = "dev.mtasts.next-attempt";
    static final AttributeName NEXT_ATTEMPT = AttributeName.of(ATTRIBUTE);
    static final String TOKEN_ATTRIBUTE = "dev.mtasts.release-token";
    static final AttributeName RELEASE_TOKEN = AttributeName.of(TOKEN_ATTRIBUTE);
    private static final Logger LOG = LoggerFactory.getLogger(DeferredMails.class);
    private static final Duration RELEASE_PERIOD = Duration.ofSeconds(1);

    /** One parked mail in the due-time index. */
    private static final class Parked implements Comparable<Parked> {
        final long dueMillis;
        final MailKey key;
        /** The release token of an entry stored as "releasing" (a release that a crash interrupted), or null. */
        final String token;

        Parked(long dueMillis, MailKey key, String token) {
            this.dueMillis = dueMillis;
            this.key = key;
            this.token = token;
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
    private final Object pump = new Object();
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

    /**
     * Puts {@code mail} back into the queue to be tried in {@code delay}, on every queue: the due time is noted
     * on the mail first, so a queue that ignores enqueue delays (RabbitMQ) hands it back early only to have it
     * parked here until due. Every delayed enqueue of the delivery goes through here.
     */
    void enqueueLater(Mail mail, Duration delay) throws MailQueue.MailQueueException {
        schedule(mail, delay);
        queue.enQueue(mail, delay);
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
        Optional<String> token = releaseToken(mail);
        if (token.isPresent()) {
            settleReleased(new MailKey(mail.getName()), token.get());
            mail.removeAttribute(RELEASE_TOKEN);
        }
        Optional<Instant> due = nextAttempt(mail);
        if (due.isEmpty() || !clock.instant().isBefore(due.get())) {
            return false;
        }
        MailKey key = repository.store(mail);
        index(key, due.get().toEpochMilli(), null);
        LOG.debug("MTA-STS: {} came back from the queue before its next attempt ({}); parked until then",
                mail.getName(), due.get());
        return true;
    }

    /**
     * {@code mail} came from the queue with release token {@code token}: waits until a release of this node in
     * progress has finished (it holds the lock from store to remove), then removes an entry still marked
     * releasing with the same token (its copy is the one in hand).
     */
    private synchronized void settleReleased(MailKey key, String token) throws MessagingException {
        Parked parked = byKey.get(key);
        if (parked != null && token.equals(parked.token)) {
            repository.remove(key);
            forget(parked);
            LOG.info("MTA-STS: {} was put back into the queue before a restart; its parked copy is removed", key.asString());
        }
    }

    private static Optional<String> releaseToken(Mail mail) {
        return mail.getAttribute(RELEASE_TOKEN).map(a -> a.getValue().value()).filter(String.class::isInstance)
                .map(String.class::cast);
    }

    private Parked index(MailKey key, long dueMillis, String token) {
        Parked parked = new Parked(dueMillis, key, token);
        Parked old = byKey.put(key, parked);
        if (old != null) {
            index.remove(old);
        }
        index.add(parked);
        return parked;
    }

    /** Mails parked now. */
    int parkedCount() {
        return byKey.size();
    }

    /**
     * Enqueues the parked mails that are due, oldest first (see the class comment for the three writes of
     * each). A failure leaves the mail parked for the next run. Returns how many were released.
     */
    int releaseDue() {
        synchronized (pump) {
            int released = 0;
            long now = clock.millis();
            for (Parked parked = first(); parked != null && parked.dueMillis <= now; parked = first()) {
                try {
                    if (release(parked)) {
                        released++;
                    }
                } catch (MessagingException | RuntimeException e) {
                    LOG.warn("MTA-STS: the parked mail {} cannot be put back into the queue yet; tried again in {}: {}",
                            parked.key.asString(), RELEASE_PERIOD, e.toString());
                    return released;
                }
            }
            return released;
        }
    }

    /** Releases one parked mail; false when its entry is gone. */
    private synchronized boolean release(Parked parked) throws MessagingException {
        if (byKey.get(parked.key) != parked) {
            index.remove(parked); // settled or parked again meanwhile
            return false;
        }
        Mail mail = repository.retrieve(parked.key);
        if (mail == null) {
            forget(parked);
            return false;
        }
        Parked releasing = parked;
        try {
            Optional<String> token = releaseToken(mail);
            if (token.isPresent() && queued(token.get())) {
                LOG.info("MTA-STS: {} was put back into the queue before a restart; its parked copy is removed",
                        parked.key.asString());
            } else {
                if (token.isEmpty()) {
                    String fresh = UUID.randomUUID().toString();
                    mail.setAttribute(new Attribute(RELEASE_TOKEN, AttributeValue.of(fresh)));
                    repository.store(mail); // (1) marked releasing, under the same key
                    releasing = index(parked.key, parked.dueMillis, fresh);
                }
                queue.enQueue(mail); // (2)
            }
        } finally {
            LifecycleUtil.dispose(mail);
        }
        repository.remove(parked.key); // (3)
        forget(releasing);
        return true;
    }

    /**
     * Whether the queue holds a mail with release token {@code token}. A queue that cannot be browsed answers
     * false: the mail is then enqueued again (a possible second copy, never a loss).
     */
    private boolean queued(String token) throws MessagingException {
        if (!(queue instanceof ManageableMailQueue)) {
            LOG.warn("MTA-STS: the queue '{}' cannot be browsed: a mail whose release a crash interrupted is queued"
                    + " again and may be delivered twice", queue.getName().asString());
            return false;
        }
        ManageableMailQueue.MailQueueIterator items = ((ManageableMailQueue) queue).browse();
        try {
            while (items.hasNext()) {
                if (releaseToken(items.next().getMail()).filter(token::equals).isPresent()) {
                    return true;
                }
            }
            return false;
        } finally {
            items.close();
        }
    }

    private Parked first() {
        return index.isEmpty() ? null : index.first();
    }

    private void forget(Parked parked) {
        index.remove(parked);
        byKey.remove(parked.key, parked);
    }

    /**
     * Loads the parked mails of a previous run into the index, settles the releases a crash interrupted (call
     * it before consuming the queue) and starts releasing parked mails when due.
     */
    synchronized void start() throws MessagingException {
        if (releaser != null) {
            throw new IllegalStateException("already started");
        }
        long now = clock.millis();
        for (Iterator<MailKey> keys = repository.list(); keys.hasNext();) {
            MailKey key = keys.next();
            Mail mail = repository.retrieve(key);
            if (mail != null) {
                Optional<String> token = releaseToken(mail);
                index(key, token.isPresent() ? Long.MIN_VALUE
                        : nextAttempt(mail).map(Instant::toEpochMilli).orElse(now), token.orElse(null));
                LifecycleUtil.dispose(mail);
            }
        }
        settleInterrupted();
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

    /** Finishes the releases that were under way at a crash (their entries are first in the index). */
    private void settleInterrupted() {
        for (Parked parked = first(); parked != null && parked.token != null; parked = first()) {
            try {
                release(parked);
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("MTA-STS: the release of {} interrupted by a restart cannot be finished yet; tried again in"
                        + " {}: {}", parked.key.asString(), RELEASE_PERIOD, e.toString());
                return;
            }
        }
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
