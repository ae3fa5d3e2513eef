package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;

import dev.mtasts.testkit.time.MutableClock;
import reactor.core.publisher.Flux;

/**
 * A node crashes while it puts parked mails back into the queue, at every one of the writes of a release (and
 * again during the restart's settling); a new {@link DeferredMails} on the same James memory repository and
 * memory queue then plays the restarted node. Each mail must end in the queue or the repository exactly once.
 */
class DeferredMailsCrashTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final List<String> NAMES = List.of("m0", "m1", "m2");
    /** Three writes per mail: store as releasing, enqueue, remove. */
    private static final int WRITES = 3 * NAMES.size();

    /** The process dies: nothing after the write that throws it runs. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    /** How many more writes the "process" lives for; negative: forever. */
    private static final class Lifetime {
        private final AtomicInteger writesLeft;

        Lifetime(int writes) {
            writesLeft = new AtomicInteger(writes);
        }

        void write() {
            if (writesLeft.getAndDecrement() == 0) {
                throw new Crash();
            }
        }
    }

    private final MutableClock clock = new MutableClock(NOW);
    private final ManageableMailQueue queue = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory())
            .createQueue(MailQueueName.of("crash-test"));
    private final MailRepository repository = new MemoryMailRepository();

    static Stream<Arguments> crashPoints() {
        // every crash point of a release, each followed by a restart that itself crashes after 0..3 writes or never
        return IntStream.rangeClosed(0, WRITES).boxed()
                .flatMap(first -> IntStream.rangeClosed(-1, 3).mapToObj(second -> Arguments.of(first, second)));
    }

    @ParameterizedTest(name = "crash after {0} writes of the release, then after {1} writes of the restart")
    @MethodSource("crashPoints")
    void shouldKeepEveryMailExactlyOnceWhereverTheNodeCrashes(int releaseWrites, int restartWrites) throws Exception {
        DeferredMails node = new DeferredMails(repository, queue, clock);
        for (String name : NAMES) {
            Mail mail = mail(name);
            node.schedule(mail, Duration.ofMinutes(5));
            assertThat(node.parkIfEarly(mail)).isTrue();
        }
        clock.advance(Duration.ofMinutes(5));

        Lifetime lifetime = new Lifetime(releaseWrites);
        DeferredMails crashing = new DeferredMails(new DyingRepository(repository, lifetime),
                new DyingQueue(queue, lifetime), clock);
        crashing.start();
        Throwable died = catchThrowable(crashing::releaseDue);
        assertThat(died == null).as("crashes only when it had fewer writes than needed").isEqualTo(releaseWrites == WRITES);
        crashing.close();

        if (restartWrites >= 0) {
            Lifetime again = new Lifetime(restartWrites);
            DeferredMails restarting = new DeferredMails(new DyingRepository(repository, again),
                    new DyingQueue(queue, again), clock);
            catchThrowable(restarting::start);
            restarting.close();
        }

        DeferredMails restarted = new DeferredMails(repository, queue, clock);
        restarted.start();
        restarted.close();
        for (String name : NAMES) {
            assertThat(copiesInQueue(name) + copiesInRepository(name)).as("copies of %s after the restart", name)
                    .isEqualTo(1);
        }

        restarted.releaseDue();
        assertThat(repository.size()).isZero();
        assertThat(drainQueue()).containsExactlyInAnyOrderElementsOf(NAMES);
    }

    @org.junit.jupiter.api.Test
    void shouldDropTheParkedEntryWhenItsQueuedCopyIsDequeuedBeforeTheRestartCouldSettleIt() throws Exception {
        DeferredMails node = new DeferredMails(repository, queue, clock);
        Mail parked = mail("m0");
        node.schedule(parked, Duration.ofMinutes(5));
        node.parkIfEarly(parked);
        clock.advance(Duration.ofMinutes(5));
        Lifetime lifetime = new Lifetime(2); // marked releasing and enqueued; the node dies before removing it
        DeferredMails crashing = new DeferredMails(new DyingRepository(repository, lifetime),
                new DyingQueue(queue, lifetime), clock);
        crashing.start();
        assertThat(catchThrowable(crashing::releaseDue)).isInstanceOf(Crash.class);
        crashing.close();

        DyingQueue unbrowsable = new DyingQueue(queue, new Lifetime(-1));
        unbrowsable.browsable = false;
        DeferredMails restarted = new DeferredMails(repository, unbrowsable, clock);
        restarted.start(); // cannot settle: the entry stays, due at once
        assertThat(restarted.parkedCount()).isEqualTo(1);

        MailQueue.MailQueueItem item = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));
        Mail dequeued = item.getMail();
        assertThat(restarted.parkIfEarly(dequeued)).as("due: delivered").isFalse();
        item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        assertThat(dequeued.getAttribute(DeferredMails.RELEASE_TOKEN)).as("token dropped before delivery").isEmpty();

        assertThat(restarted.parkedCount()).isZero();
        assertThat(repository.size()).as("the queued copy settled the entry").isZero();
        assertThat(restarted.releaseDue()).isZero();
        assertThat(queue.getSize()).isZero();
        restarted.close();
    }

    @org.junit.jupiter.api.Test
    void shouldNotQueueAgainAMailWhoseEnqueueReportedAFailureButWasQueuedAndDelivered() throws Exception {
        DyingQueue flaky = new DyingQueue(queue, new Lifetime(-1));
        DeferredMails node = new DeferredMails(repository, flaky, clock);
        Mail parked = mail("m0");
        node.schedule(parked, Duration.ofMinutes(5));
        node.parkIfEarly(parked);
        clock.advance(Duration.ofMinutes(5));
        flaky.failAfterEnqueue = true; // the broker took it, the answer was lost
        assertThat(node.releaseDue()).isZero();
        flaky.failAfterEnqueue = false;

        MailQueue.MailQueueItem item = Flux.from(queue.deQueue()).blockFirst(Duration.ofSeconds(10));
        assertThat(node.parkIfEarly(item.getMail())).as("due: delivered").isFalse();
        item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);

        assertThat(node.releaseDue()).as("its entry went with the delivered copy").isZero();
        assertThat(repository.size()).isZero();
        assertThat(queue.getSize()).isZero();
    }

    private int copiesInQueue(String name) throws Exception {
        int copies = 0;
        ManageableMailQueue.MailQueueIterator items = queue.browse();
        while (items.hasNext()) {
            copies += items.next().getMail().getName().equals(name) ? 1 : 0;
        }
        items.close();
        return copies;
    }

    private int copiesInRepository(String name) throws Exception {
        int copies = 0;
        for (Iterator<MailKey> keys = repository.list(); keys.hasNext();) {
            copies += keys.next().asString().equals(name) ? 1 : 0;
        }
        return copies;
    }

    /** Every queued mail's name (each dequeued and acknowledged); the queue is then empty. */
    private List<String> drainQueue() throws Exception {
        int size = (int) queue.getSize();
        List<String> names = new ArrayList<>();
        Flux.from(queue.deQueue()).take(size).timeout(Duration.ofSeconds(10)).doOnNext(item -> {
            names.add(item.getMail().getName());
            try {
                item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            } catch (MailQueue.MailQueueException e) {
                throw new IllegalStateException(e);
            }
        }).blockLast();
        assertThat(queue.getSize()).isZero();
        return names;
    }

    private static Mail mail(String name) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject(name);
        message.setText("body of " + name);
        message.saveChanges();
        return FakeMail.builder().name(name).recipient("bob@example.com").sender("alice@example.org")
                .mimeMessage(message).build();
    }

    /** James's memory repository whose writes stop when the lifetime ends. */
    private static final class DyingRepository implements MailRepository {
        private final MailRepository delegate;
        private final Lifetime lifetime;

        DyingRepository(MailRepository delegate, Lifetime lifetime) {
            this.delegate = delegate;
            this.lifetime = lifetime;
        }

        @Override
        public long size() throws javax.mail.MessagingException {
            return delegate.size();
        }

        @Override
        public MailKey store(Mail mail) throws javax.mail.MessagingException {
            lifetime.write();
            return delegate.store(mail);
        }

        @Override
        public Iterator<MailKey> list() throws javax.mail.MessagingException {
            return delegate.list();
        }

        @Override
        public Mail retrieve(MailKey key) throws javax.mail.MessagingException {
            return delegate.retrieve(key);
        }

        @Override
        public void remove(MailKey key) throws javax.mail.MessagingException {
            lifetime.write();
            delegate.remove(key);
        }

        @Override
        public void remove(Collection<MailKey> keys) throws javax.mail.MessagingException {
            for (MailKey key : keys) {
                remove(key);
            }
        }

        @Override
        public void removeAll() throws javax.mail.MessagingException {
            lifetime.write();
            delegate.removeAll();
        }
    }

    /** James's memory queue whose enqueues stop when the lifetime ends; browsing passes through. */
    private static final class DyingQueue implements ManageableMailQueue {
        private final ManageableMailQueue delegate;
        private final Lifetime lifetime;
        boolean browsable = true;
        boolean failAfterEnqueue;

        DyingQueue(ManageableMailQueue delegate, Lifetime lifetime) {
            this.delegate = delegate;
            this.lifetime = lifetime;
        }

        @Override
        public MailQueueName getName() {
            return delegate.getName();
        }

        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            lifetime.write();
            delegate.enQueue(mail, delay);
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            lifetime.write();
            delegate.enQueue(mail);
            if (failAfterEnqueue) {
                throw new MailQueueException("enqueued, but the answer was lost");
            }
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            lifetime.write();
            return delegate.enqueueReactive(mail);
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return delegate.deQueue();
        }

        @Override
        public long getSize() throws MailQueueException {
            return delegate.getSize();
        }

        @Override
        public long flush() throws MailQueueException {
            return delegate.flush();
        }

        @Override
        public long clear() throws MailQueueException {
            return delegate.clear();
        }

        @Override
        public long remove(Type type, String value) throws MailQueueException {
            return delegate.remove(type, value);
        }

        @Override
        public MailQueueIterator browse() throws MailQueueException {
            if (!browsable) {
                throw new MailQueueException("browsing refused");
            }
            return delegate.browse();
        }

        @Override
        public void close() {
            // the memory queue outlives the "process", as a persistent queue does
        }
    }
}
