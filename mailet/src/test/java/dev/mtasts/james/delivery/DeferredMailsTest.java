package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.mtasts.testkit.time.MutableClock;
import reactor.core.publisher.Flux;

/**
 * Parking and releasing on James's own memory queue and memory mail repository. The queue here honours no
 * delay at all: a mail is enqueued without one, as RabbitMQ's queue does whatever delay is asked.
 */
class DeferredMailsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final MailQueue queue = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory())
            .createQueue(MailQueueName.of("deferred-test"));
    private final MailRepository repository = new MemoryMailRepository();
    private final List<DeferredMails> started = new ArrayList<>();

    private DeferredMails deferred() {
        DeferredMails mails = new DeferredMails(repository, queue, clock);
        started.add(mails);
        return mails;
    }

    @AfterEach
    void stop() {
        started.forEach(DeferredMails::close);
    }

    private static Mail mail(String name) throws Exception {
        javax.mail.internet.MimeMessage message = new javax.mail.internet.MimeMessage(
                javax.mail.Session.getInstance(new java.util.Properties()));
        message.setSubject(name);
        message.setText("body of " + name);
        message.saveChanges();
        return FakeMail.builder().name(name).recipient("bob@example.com").sender("alice@example.org")
                .mimeMessage(message).build();
    }

    private long queued() throws Exception {
        return ((ManageableMailQueue) queue).getSize();
    }

    /** Takes {@code count} mails from the queue (waiting up to 10 s), then checks that none is left. */
    private List<String> drainQueue(int count) throws Exception {
        List<String> names = new ArrayList<>();
        Flux.from(queue.deQueue()).take(count).timeout(Duration.ofSeconds(10)).doOnNext(item -> {
            names.add(item.getMail().getName());
            try {
                item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
            } catch (MailQueue.MailQueueException e) {
                throw new IllegalStateException(e);
            }
        }).blockLast();
        assertThat(queued()).as("nothing else queued").isZero();
        return names;
    }

    @Nested
    class WhenDequeuedEarly {
        @Test
        void shouldParkTheMailUntilItsNextAttemptAndThenQueueItOnce() throws Exception {
            DeferredMails mails = deferred();
            Mail mail = mail("m1");
            mails.schedule(mail, Duration.ofMinutes(5));
            clock.advance(Duration.ofSeconds(1)); // the queue handed it back at once

            assertThat(mails.parkIfEarly(mail)).isTrue();
            assertThat(repository.size()).isEqualTo(1);

            clock.advance(Duration.ofMinutes(4));
            assertThat(mails.releaseDue()).as("not due yet").isZero();
            assertThat(queued()).isZero();

            clock.advance(Duration.ofMinutes(1));
            assertThat(mails.releaseDue()).isEqualTo(1);
            assertThat(mails.releaseDue()).isZero();
            assertThat(drainQueue(1)).containsExactly("m1");
            assertThat(repository.size()).isZero();
        }

        @Test
        void shouldKeepOneParkedCopyWhenTheSameMailComesBackTwice() throws Exception {
            DeferredMails mails = deferred();
            Mail mail = mail("twice");
            mails.schedule(mail, Duration.ofMinutes(5));

            mails.parkIfEarly(mail);
            mails.parkIfEarly(mail);

            assertThat(mails.parkedCount()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(5));
            assertThat(mails.releaseDue()).isEqualTo(1);
            assertThat(drainQueue(1)).containsExactly("twice");
        }

        @Test
        void shouldReleaseParkedMailsInTheOrderTheyAreDue() throws Exception {
            DeferredMails mails = deferred();
            Mail late = mail("late");
            Mail early = mail("early");
            mails.schedule(late, Duration.ofMinutes(30));
            mails.schedule(early, Duration.ofMinutes(5));
            mails.parkIfEarly(late);
            mails.parkIfEarly(early);

            clock.advance(Duration.ofMinutes(10));
            mails.releaseDue();
            assertThat(drainQueue(1)).containsExactly("early");

            clock.advance(Duration.ofMinutes(20));
            mails.releaseDue();
            assertThat(drainQueue(1)).containsExactly("late");
        }
    }

    @Test
    void shouldDeliverAMailThatIsDueOrWasNeverDeferred() throws Exception {
        DeferredMails mails = deferred();
        Mail due = mail("due");
        mails.schedule(due, Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(5));

        assertThat(mails.parkIfEarly(due)).isFalse();
        assertThat(mails.parkIfEarly(mail("first-attempt"))).isFalse();
        assertThat(repository.size()).isZero();
    }

    @Test
    void shouldReleaseMailsParkedBeforeARestartWhenDue() throws Exception {
        DeferredMails before = deferred();
        Mail mail = mail("survivor");
        before.schedule(mail, Duration.ofMinutes(5));
        before.parkIfEarly(mail);
        before.close();

        DeferredMails after = deferred();
        after.start();
        assertThat(after.parkedCount()).isEqualTo(1);
        assertThat(after.releaseDue()).isZero();
        clock.advance(Duration.ofMinutes(5));

        assertThat(after.releaseDue()).isEqualTo(1);
        assertThat(drainQueue(1)).containsExactly("survivor");
        assertThat(repository.size()).isZero();
    }
}
