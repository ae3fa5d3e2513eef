package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;

/**
 * The dispatch from a real James memory queue to the delivery threads: deliveries are stand-ins that wait
 * until the test releases them, as a stalled SMTP session would; what is asserted is which mails run at once,
 * on how many threads, and what each mail's queue item was told (done SUCCESS or RETRY) or where it went.
 */
class DomainDispatcherTest {
    private static final Duration POSTPONE = Duration.ofMinutes(1);
    /** Long: a test's steps never outlast it on a busy machine; the stall test sets its own short one. */
    private static final Duration FLOW_WINDOW = Duration.ofSeconds(30);

    private final MemoryMailQueueFactory factory = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
    private final ManageableMailQueue queue = factory.createQueue(MailQueueName.of("dispatch-test"));
    private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final Set<String> threadsUsed = ConcurrentHashMap.newKeySet();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final Map<String, List<CompletionStatus>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> runningPerDomain = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxRunningPerDomain = new ConcurrentHashMap<>();
    private final Map<String, Duration> dueTimes = new ConcurrentHashMap<>();
    private DomainDispatcher dispatcher;

    @BeforeEach
    void noDispatcherYet() {
        dispatcher = null;
    }

    @AfterEach
    void stop() throws Exception {
        releases.values().forEach(CountDownLatch::countDown);
        if (dispatcher != null) {
            dispatcher.stop();
        }
        queue.close();
    }

    @Test
    void shouldKeepEveryThreadBusyWhenAsManyMailsForDistinctSlowDomainsWait() throws Exception {
        start(6, 1, 64);
        for (int i = 0; i < 8; i++) {
            enqueue("slow" + i, "d" + i + ".test");
        }

        await("6 deliveries at once", () -> running.size() == 6);

        assertThat(threadsUsed).hasSize(6);
        assertThat(delivered).isEmpty();
        releaseAll();
        await("all 8 delivered", () -> delivered.size() == 8);
        assertThat(delivered).doesNotHaveDuplicates();
        assertThat(acknowledged.values()).allSatisfy(done -> assertThat(done).containsExactly(CompletionStatus.SUCCESS));
    }

    @Test
    void shouldGiveTheFreedThreadTheNextMailWhenOneDeliveryEndsWhileTheOthersHang() throws Exception {
        start(8, 8, 64);
        for (int i = 0; i < 7; i++) {
            enqueue("hang" + i, "hostile.test");
        }
        await("7 hanging deliveries", () -> running.size() == 7);
        enqueue("short", "hostile.test");
        await("the short delivery running", () -> running.containsKey("short"));
        for (int i = 7; i < 12; i++) {
            enqueue("hang" + i, "hostile.test");
        }
        await("5 mails waiting in the queue", () -> queueSize() == 13);

        release("short");

        // Before the fix, the next mail was bound to a thread still busy with a hanging delivery and the
        // freed thread stayed idle: 7 deliveries ran while 5 mails waited.
        await("8 deliveries at once again", () -> delivered.contains("short") && running.size() == 8);
        assertThat(threadsUsed).hasSize(8);
    }

    @Test
    void shouldDeliverOtherDomainsWhileOneDomainIsAtItsLimit() throws Exception {
        start(4, 2, 64);
        for (int i = 0; i < 10; i++) {
            enqueue("hostile" + i, "hostile.test");
        }
        await("2 hostile deliveries and 8 parked", () -> running.size() == 2 && dispatcher.parkedCount() == 8);

        enqueue("healthy", "healthy.test");
        release("healthy");

        await("the healthy mail delivered", () -> delivered.contains("healthy"));
        assertThat(maxRunningPerDomain.get("hostile.test")).isEqualTo(2);
        assertThat(running.keySet()).allSatisfy(name -> assertThat(name).startsWith("hostile"));
        assertThat(queueSize()).as("hostile mails in flight or parked stay in the queue").isEqualTo(10);

        String first = running.keySet().iterator().next();
        release(first);
        await("a parked hostile mail handed on", () -> delivered.contains(first) && running.size() == 2
                && dispatcher.parkedCount() == 7);
        releaseAll();
        await("all 11 delivered", () -> delivered.size() == 11);
        assertThat(delivered).doesNotHaveDuplicates();
        assertThat(maxRunningPerDomain.get("hostile.test")).isEqualTo(2);
        assertThat(dispatcher.parkedCount()).isZero();
        await("the queue empty", () -> queueSize() == 0);
    }

    @Test
    void shouldPutMailBackInTheQueueWithADelayWhenTheParkingIsFull() throws Exception {
        start(2, 1, 2);
        ZonedDateTime before = ZonedDateTime.now();
        for (int i = 0; i < 6; i++) {
            enqueue("hostile" + i, "hostile.test");
        }

        // All three postponed: a mail not yet taken from the queue also shows in browse(), without the delay.
        await("1 running, 2 parked, 3 back in the queue", () -> running.size() == 1 && dispatcher.parkedCount() == 2
                && browse().size() == 3 && browse().stream().allMatch(next -> !next.isBefore(before.plus(POSTPONE))));
        assertThat(browse()).allSatisfy(next -> assertThat(next).isAfterOrEqualTo(before.plus(POSTPONE)));
        assertThat(dueTimes.values()).as("the due time noted on each postponed mail, for queues that ignore delays")
                .hasSize(3).containsOnly(POSTPONE);
        assertThat(queueSize()).as("no mail lost").isEqualTo(6);
        enqueue("healthy", "healthy.test");
        release("healthy");
        await("the healthy mail delivered on the other thread", () -> delivered.contains("healthy"));
        assertThat(acknowledged.values().stream().filter(d -> d.contains(CompletionStatus.SUCCESS)).count())
                .as("the 3 postponed mails and the healthy one acknowledged").isEqualTo(4);
    }

    /**
     * Issue 11: a burst to one domain whose deliveries keep finishing waits in the queue while the parking is
     * full; before, every mail past the parking was postponed by a minute (a 300-mail burst took 60 s).
     */
    @Test
    void shouldKeepABurstToADomainThatDeliversInTheQueueInsteadOfPostponingIt() throws Exception {
        start(2, 1, 2);
        enqueue("burst0", "burst.test");
        await("burst0 running", () -> running.containsKey("burst0"));
        enqueue("burst1", "burst.test");
        enqueue("burst2", "burst.test");
        await("2 parked", () -> dispatcher.parkedCount() == 2);
        release("burst0");
        await("burst0 delivered, burst1 handed on", () -> delivered.contains("burst0")
                && running.containsKey("burst1"));

        for (int i = 3; i < 9; i++) {
            enqueue("burst" + i, "burst.test");
        }
        await("the parking full again", () -> dispatcher.parkedCount() >= 2);

        assertThat(browse()).as("nothing postponed").allSatisfy(next -> assertThat(next)
                .isBefore(ZonedDateTime.now().plus(POSTPONE).minusSeconds(30)));
        assertThat(dispatcher.parkedCount()).as("at most maxParked + threads parked").isLessThanOrEqualTo(4);
        for (int i = 0; i < 9; i++) {
            release("burst" + i);
        }
        await("all 9 delivered", () -> delivered.size() == 9);
        assertThat(acknowledged.values()).allSatisfy(done -> assertThat(done).containsExactly(CompletionStatus.SUCCESS));
        assertThat(maxRunningPerDomain.get("burst.test")).isEqualTo(1);
    }

    @Test
    void shouldAskTheQueueAgainAndDeliverOtherDomainsOnceAFlowingDomainStalls() throws Exception {
        start(2, 1, 2, Duration.ofMillis(300));
        enqueue("hostile0", "hostile.test");
        await("hostile0 running", () -> running.containsKey("hostile0"));
        enqueue("hostile1", "hostile.test");
        enqueue("hostile2", "hostile.test");
        await("2 parked", () -> dispatcher.parkedCount() == 2);
        release("hostile0");
        await("hostile1 handed on (and hanging)", () -> running.containsKey("hostile1"));

        enqueue("hostile3", "hostile.test");
        enqueue("healthy", "healthy.test");
        release("healthy");

        await("the healthy mail delivered on the other thread", () -> delivered.contains("healthy"));
        assertThat(maxRunningPerDomain.get("hostile.test")).isEqualTo(1);
    }

    @Test
    void shouldReturnRunningAndParkedMailsToTheQueueWhenStopped() throws Exception {
        start(2, 1, 8);
        for (int i = 0; i < 4; i++) {
            enqueue("hostile" + i, "hostile.test");
        }
        await("1 running, 3 parked", () -> running.size() == 1 && dispatcher.parkedCount() == 3);

        dispatcher.stop();

        await("every mail returned", () -> acknowledged.size() == 4);
        assertThat(acknowledged.values()).allSatisfy(done -> assertThat(done).containsExactly(CompletionStatus.RETRY));
        assertThat(delivered).isEmpty();
    }

    private void start(int threads, int perDomain, int parked) {
        start(threads, perDomain, parked, FLOW_WINDOW);
    }

    private void start(int threads, int perDomain, int parked, Duration flowWindow) {
        dispatcher = new DomainDispatcher(new RecordingQueue(queue),
                new DomainDispatcher.Limits(threads, perDomain, parked, POSTPONE, flowWindow), this::deliver,
                error -> { }, "dispatch-test", (mail, delay) -> {
                    dueTimes.put(mail.getName(), delay);
                    queue.enQueue(mail, delay);
                });
        dispatcher.start();
    }

    /** The stand-in delivery: runs until released (or interrupted by stop, which returns the mail). */
    private void deliver(MailQueueItem item) {
        String name = item.getMail().getName();
        String domain = DomainDispatcher.destination(item.getMail());
        int now = runningPerDomain.computeIfAbsent(domain, d -> new AtomicInteger()).incrementAndGet();
        maxRunningPerDomain.merge(domain, now, Math::max);
        running.put(name, domain);
        threadsUsed.add(Thread.currentThread().getName());
        try {
            latch(name).await();
            running.remove(name);
            runningPerDomain.get(domain).decrementAndGet();
            delivered.add(name);
            item.done(CompletionStatus.SUCCESS);
        } catch (InterruptedException e) {
            running.remove(name);
            runningPerDomain.get(domain).decrementAndGet();
            doneQuietly(item, CompletionStatus.RETRY);
        } catch (MailQueue.MailQueueException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void doneQuietly(MailQueueItem item, CompletionStatus status) {
        try {
            item.done(status);
        } catch (MailQueue.MailQueueException e) {
            throw new IllegalStateException(e);
        }
    }

    private CountDownLatch latch(String name) {
        return releases.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    private void release(String name) {
        latch(name).countDown();
    }

    private void releaseAll() {
        for (String name : new ArrayList<>(running.keySet())) {
            release(name);
        }
        for (int i = 0; i < 20; i++) {
            release("hostile" + i);
            release("hang" + i);
            release("slow" + i);
        }
    }

    private void enqueue(String name, String domain) throws Exception {
        queue.enQueue(FakeMail.builder().name(name).recipient("bob@" + domain).build());
    }

    private long queueSize() {
        try {
            return queue.getSize();
        } catch (MailQueue.MailQueueException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Next-delivery times of the mails waiting in the queue (not those handed out). */
    private List<ZonedDateTime> browse() {
        List<ZonedDateTime> times = new ArrayList<>();
        try {
            ManageableMailQueue.MailQueueIterator items = queue.browse();
            items.forEachRemaining(view -> times.add(view.getNextDelivery().orElseThrow()));
        } catch (MailQueue.MailQueueException e) {
            throw new IllegalStateException(e);
        }
        return times;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The memory queue, with every item's done() recorded by mail name. */
    private final class RecordingQueue implements MailQueue {
        private final MailQueue delegate;

        RecordingQueue(MailQueue delegate) {
            this.delegate = delegate;
        }

        @Override
        public MailQueueName getName() {
            return delegate.getName();
        }

        @Override
        public void enQueue(org.apache.mailet.Mail mail, Duration delay) throws MailQueueException {
            delegate.enQueue(mail, delay);
        }

        @Override
        public void enQueue(org.apache.mailet.Mail mail) throws MailQueueException {
            delegate.enQueue(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(org.apache.mailet.Mail mail) {
            return delegate.enqueueReactive(mail);
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return Flux.from(delegate.deQueue()).map(item -> new MailQueueItem() {
                @Override
                public org.apache.mailet.Mail getMail() {
                    return item.getMail();
                }

                @Override
                public void done(CompletionStatus status) throws MailQueueException {
                    acknowledged.computeIfAbsent(item.getMail().getName(), n -> new CopyOnWriteArrayList<>())
                            .add(status);
                    item.done(status);
                }
            });
        }

        @Override
        public void close() {
        }
    }
}
