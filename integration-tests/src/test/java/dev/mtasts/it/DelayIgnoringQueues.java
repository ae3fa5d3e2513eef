package dev.mtasts.it;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * James's memory mail queues made to ignore enqueue delays, as James 3.8.1's RabbitMQ queue (the distributed
 * server's) does: {@code enQueue(mail, delay)} logs "Ignored delay upon enqueue of ..." and enqueues at once.
 * Bound in place of the memory server's {@code MailQueueFactory<?>}, the one the plugin asks for; James's
 * own spool keeps its queues.
 */
final class DelayIgnoringQueues implements MailQueueFactory<MailQueue> {
    private static final Logger LOG = LoggerFactory.getLogger(DelayIgnoringQueues.class);

    private final MemoryMailQueueFactory memory;

    DelayIgnoringQueues(MemoryMailQueueFactory memory) {
        this.memory = memory;
    }

    /** The override module for {@link JamesServerHarness.Builder#override}. */
    static com.google.inject.Module module() {
        return new AbstractModule() {
            @Provides
            @Singleton
            MailQueueFactory<?> queues(MemoryMailQueueFactory memory) {
                return new DelayIgnoringQueues(memory);
            }
        };
    }

    @Override
    public Optional<MailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return memory.getQueue(name, count).map(DelayIgnoringQueue::new);
    }

    @Override
    public MailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return new DelayIgnoringQueue(memory.createQueue(name, count));
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return memory.listCreatedMailQueues();
    }

    private static final class DelayIgnoringQueue implements MailQueue {
        private final MailQueue queue;

        DelayIgnoringQueue(MailQueue queue) {
            this.queue = queue;
        }

        @Override
        public MailQueueName getName() {
            return queue.getName();
        }

        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            if (!delay.isZero() && !delay.isNegative()) {
                LOG.info("Ignored delay upon enqueue of {} : {}.", mail.getName(), delay);
            }
            queue.enQueue(mail);
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            queue.enQueue(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return queue.enqueueReactive(mail);
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return queue.deQueue();
        }

        @Override
        public void close() throws java.io.IOException {
            queue.close();
        }
    }
}
