package dev.mtasts.james.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.delivery.DeliveryObserver;
import dev.mtasts.core.delivery.DomainDeliverer;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.Envelope;
import dev.mtasts.core.delivery.RecipientOutcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The outgoing queue's consumer: takes each queued mail (one recipient domain per mail), delivers it under
 * the domain's policy, re-queues the recipients that failed temporarily with the configured delay, and
 * hands the rest to the {@link FailureNotifier}. Before giving up on a domain with a policy it checks the
 * TXT record again and, if the policy changed, tries once more (RFC 8461 §5.1). A mail is acknowledged to
 * the queue only once it is delivered, re-queued or bounced, so nothing is lost when James stops.
 */
final class OutgoingDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingDelivery.class);
    static final AttributeName RETRIES = AttributeName.of("dev.mtasts.retries");

    private final MailQueue queue;
    private final DeliveryParameters parameters;
    private final PolicyService policies;
    private final DomainDeliverer deliverer;
    private final FailureNotifier notifier;
    private final DeliveryObserver observer;
    private final DeliveryLog log;
    private final DeferredMails deferred;
    private Scheduler scheduler;
    private Disposable subscription;

    OutgoingDelivery(MailQueue queue, DeliveryParameters parameters, PolicyService policies, DomainDeliverer deliverer,
            FailureNotifier notifier, DeliveryObserver observer, DeliveryLog log, DeferredMails deferred) {
        this.deferred = deferred;
        this.queue = queue;
        this.parameters = parameters;
        this.policies = policies;
        this.deliverer = deliverer;
        this.notifier = notifier;
        this.observer = observer;
        this.log = log;
    }

    void start() {
        scheduler = Schedulers.newBoundedElastic(parameters.deliveryThreads(), Integer.MAX_VALUE, "MtaStsDelivery");
        subscription = Flux.from(queue.deQueue())
                .flatMap(item -> Mono.fromRunnable(() -> handle(item)).subscribeOn(scheduler),
                        parameters.deliveryThreads())
                .onErrorContinue((error, item) -> LOG.error("MTA-STS delivery loop error", error))
                .subscribe(item -> { }, this::queueStopped);
    }

    /**
     * The queue itself ended its stream. Known cause in James 3.8.1: WebAdmin's listing of a memory queue's
     * mails (GET /mailQueues/{name}/mails) closes the queue once too often, which stops its consumer thread.
     * Mail stays queued (nothing is lost) but is no longer delivered until James restarts.
     */
    private void queueStopped(Throwable error) {
        LOG.error("MTA-STS: the outgoing queue '{}' stopped delivering mails to this mailet; queued mails stay "
                + "queued until James restarts. Cause: {}", parameters.outgoing(), error.toString());
    }

    void stop() {
        if (subscription != null) {
            subscription.dispose();
        }
        if (scheduler != null) {
            scheduler.dispose();
        }
    }

    private void handle(MailQueue.MailQueueItem item) {
        Mail mail = item.getMail();
        try {
            deliver(mail);
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (Exception e) {
            LOG.error("MTA-STS: delivery of {} failed unexpectedly; it stays queued for another attempt", mail.getName(), e);
            try {
                item.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
            } catch (MailQueue.MailQueueException ex) {
                LOG.error("MTA-STS: could not return {} to the queue", mail.getName(), ex);
            }
        } finally {
            // The dequeued mail holds the message's storage; the queue keeps its own copy when re-enqueued.
            LifecycleUtil.dispose(mail);
        }
    }

    /** One delivery round for a dequeued mail, unless it came back before its next attempt (then parked). */
    void deliver(Mail mail) throws MessagingException {
        if (deferred.parkIfEarly(mail)) {
            return;
        }
        DomainName domain = DomainName.of(mail.getRecipients().iterator().next().getDomain().asString());
        PolicyLookup lookup = policies.lookup(domain);
        DomainDelivery round = run(domain, lookup, mail, mail.getRecipients());
        List<RecipientOutcome> temporary = round.recipients(Status.TEMPORARY_FAILURE);
        List<RecipientOutcome> permanent = new ArrayList<>(round.recipients(Status.PERMANENT_FAILURE));
        int retries = retries(mail);
        if (!temporary.isEmpty() && retries < parameters.retries().maxRetries()) {
            requeue(mail, temporary, round, retries + 1);
        } else if (!temporary.isEmpty()) {
            round = lastChance(domain, lookup, mail, temporary, round);
            permanent.addAll(round.recipients(Status.TEMPORARY_FAILURE));
            permanent.addAll(round.recipients(Status.PERMANENT_FAILURE));
        }
        if (!permanent.isEmpty()) {
            log.bounced(mail.getName(), round, permanent.size());
            notifier.notifyFailure(mail, permanent, round, retries + 1);
        }
    }

    /**
     * RFC 8461 §5.1: a message failing under a policy "MUST NOT be permanently failed until the sender has
     * first checked for the presence of a new policy (as indicated by the id field in the _mta-sts TXT
     * record)". If the id changed and the new policy was fetched, one more round runs under it.
     */
    private DomainDelivery lastChance(DomainName domain, PolicyLookup lookup, Mail mail, List<RecipientOutcome> failed,
            DomainDelivery round) {
        if (!lookup.hasPolicy()) {
            return round;
        }
        PolicyLookup fresh = policies.recheck(domain);
        boolean changed = !fresh.hasPolicy()
                || !fresh.policy().get().id().equals(lookup.policy().get().id())
                || !fresh.policy().get().policy().equals(lookup.policy().get().policy());
        if (!changed) {
            return round;
        }
        LOG.info("MTA-STS: policy of {} changed before giving up on {}; trying once more", domain, mail.getName());
        return run(domain, fresh, mail, recipientsOf(mail, failed));
    }

    private DomainDelivery run(DomainName domain, PolicyLookup lookup, Mail mail, Collection<MailAddress> recipients) {
        List<String> to = recipients.stream().map(MailAddress::asString).collect(Collectors.toList());
        Envelope envelope = new Envelope(mail.getMaybeSender().asString(""), to);
        DomainDelivery round;
        try {
            round = tlsOptional(mail) ? deliverer.deliverDespiteTlsFailures(domain, lookup, envelope, mail.getMessage())
                    : deliverer.deliver(domain, lookup, envelope, mail.getMessage());
        } catch (MessagingException e) {
            throw new IllegalStateException("the message of " + mail.getName() + " cannot be read", e);
        }
        log.round(round, mail.getName());
        observer.observe(round, mail.getName());
        return round;
    }

    /** RFC 8689 §5: {@code TLS-Required: No} asks that TLS trouble not stop the message. */
    private static boolean tlsOptional(Mail mail) throws MessagingException {
        String[] values = mail.getMessage().getHeader("TLS-Required");
        return values != null && values.length > 0 && "no".equalsIgnoreCase(values[0].trim());
    }

    private void requeue(Mail mail, List<RecipientOutcome> temporary, DomainDelivery round, int retry)
            throws MessagingException {
        Duration delay = parameters.retries().delayBefore(retry);
        mail.setRecipients(recipientsOf(mail, temporary));
        mail.setAttribute(new Attribute(RETRIES, AttributeValue.of(retry)));
        mail.setErrorMessage(temporary.get(0).reason());
        log.deferred(mail.getName(), round, retry, delay);
        // The due time travels with the mail: a queue that ignores the delay (RabbitMQ) hands it back early,
        // and it is then parked until due (DeferredMails).
        deferred.schedule(mail, delay);
        queue.enQueue(mail, delay);
    }

    static int retries(Mail mail) {
        return mail.getAttribute(RETRIES).map(a -> a.getValue().value())
                .filter(Integer.class::isInstance).map(Integer.class::cast).orElse(0);
    }

    static List<MailAddress> recipientsOf(Mail mail, List<RecipientOutcome> outcomes) {
        Set<String> wanted = outcomes.stream().map(RecipientOutcome::recipient).collect(Collectors.toSet());
        return mail.getRecipients().stream().filter(a -> wanted.contains(a.asString())).collect(Collectors.toList());
    }
}
