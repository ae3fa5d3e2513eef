package dev.mtasts.james.delivery;

import java.time.Clock;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;

import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.delivery.DeliveryObserver;
import dev.mtasts.core.delivery.DomainDeliverer;

/**
 * The running part of one {@code MtaStsRemoteDelivery}: its outgoing queue and the consumer delivering from
 * it. {@link #start()} begins consuming, {@link #stop()} ends it; queued mails stay in the queue.
 */
public final class MtaStsDeliveryService {
    private final MailQueue queue;
    private final OutgoingDelivery delivery;
    private final DeferredMails deferred;

    /** {@code deferredRepository}: where mails handed back by the queue before their next attempt wait. */
    public MtaStsDeliveryService(MailetContext context, MailQueue queue, DeliveryParameters parameters,
            PolicyService policies, DomainDeliverer deliverer, DeliveryObserver observer, MetricFactory metrics,
            String reportingMta, LocalPolicy local, Clock clock, MailRepository deferredRepository) {
        this.queue = queue;
        FailureNotifier notifier = new FailureNotifier(context, parameters.bounceProcessor(), reportingMta, clock);
        this.deferred = new DeferredMails(deferredRepository, queue, clock);
        this.delivery = new OutgoingDelivery(queue, parameters, policies, deliverer, notifier, observer,
                new DeliveryLog(metrics, clock), local, deferred);
    }

    /**
     * How many mails the outgoing queue should hand this consumer before it acknowledges any: every delivery
     * thread's mail plus every mail it may hold while the mail's domain is at its limit. A smaller prefetch
     * (James's default is 5) would cap deliveries on queues that honour it (RabbitMQ) below
     * {@code deliveryThreads}, and let parked mail block the rest.
     */
    public static MailQueueFactory.PrefetchCount queuePrefetch(DeliveryParameters parameters) {
        DomainDispatcher.Limits limits = OutgoingDelivery.limits(parameters);
        return MailQueueFactory.prefetchCount(limits.threads + limits.maxParked);
    }

    /** Loads the mails parked before a restart, then starts consuming. */
    public void start() throws MessagingException {
        deferred.start();
        delivery.start();
    }

    public void stop() {
        delivery.stop();
        deferred.close();
    }

    /** Queues {@code mail} (all recipients in one domain) for its first delivery attempt. */
    public void enqueue(Mail mail) throws MailQueue.MailQueueException {
        queue.enQueue(mail);
    }
}
