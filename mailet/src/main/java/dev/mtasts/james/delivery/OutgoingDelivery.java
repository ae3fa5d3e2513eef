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
import dev.mtasts.core.ResultType;
import dev.mtasts.core.Failure;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.delivery.DeliveryObserver;
import dev.mtasts.core.delivery.DomainDeliverer;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.EnhancedStatus;
import dev.mtasts.core.delivery.Envelope;
import dev.mtasts.core.delivery.RecipientOutcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.delivery.TlsMode;

/**
 * The outgoing queue's consumer: takes each queued mail (one recipient domain per mail), delivers it under
 * the domain's policy, re-queues the recipients that failed temporarily with the configured delay, and
 * hands the rest to the {@link FailureNotifier}. Before giving up on a domain with a policy it checks the
 * TXT record again and, if the policy changed, tries once more (RFC 8461 §5.1). A mail is acknowledged to
 * the queue only once it is delivered, re-queued or bounced, so nothing is lost when James stops. Mails reach
 * the delivery threads through a {@link DomainDispatcher}, which keeps one domain from holding more than
 * {@code maxThreadsPerDomain} of them.
 */
final class OutgoingDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingDelivery.class);
    static final AttributeName RETRIES = AttributeName.of("dev.mtasts.retries");
    /** How often the last attempt was deferred again because the RFC 8461 §5.1 re-check could not be made. */
    static final AttributeName UNCHECKED_DEFERRALS = AttributeName.of("dev.mtasts.uncheckedDeferrals");
    static final int MAX_UNCHECKED_DEFERRALS = 3;
    /** Mails held in memory per delivery thread while their domain is at its limit. */
    static final int PARKED_PER_THREAD = 16;
    /** How long a mail is put back in the queue when its domain is at its limit and the parking is full. */
    static final Duration POSTPONE_DELAY = Duration.ofMinutes(1);
    /**
     * A domain with a delivery finished this recently is not stalled: a burst to it waits in the queue instead of
     * being postponed by {@link #POSTPONE_DELAY} (see {@link DomainDispatcher}).
     */
    static final Duration FLOW_WINDOW = Duration.ofSeconds(2);

    private final MailQueue queue;
    private final DeliveryParameters parameters;
    private final PolicyService policies;
    private final DomainDeliverer deliverer;
    private final FailureNotifier notifier;
    private final DeliveryObserver observer;
    private final DeliveryLog log;
    private final LocalPolicy local;
    private final DeferredMails deferred;
    private DomainDispatcher dispatcher;

    OutgoingDelivery(MailQueue queue, DeliveryParameters parameters, PolicyService policies, DomainDeliverer deliverer,
            FailureNotifier notifier, DeliveryObserver observer, DeliveryLog log, LocalPolicy local,
            DeferredMails deferred) {
        this.local = local;
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
        dispatcher = new DomainDispatcher(queue, limits(parameters), this::handle, this::queueStopped,
                "MtaStsDelivery", deferred::enqueueLater);
        dispatcher.start();
    }

    /**
     * The dispatch limits for {@code parameters}: {@code deliveryThreads}, {@code maxThreadsPerDomain}, and at
     * most {@link #PARKED_PER_THREAD} mails per thread held in memory for domains at their limit.
     */
    static DomainDispatcher.Limits limits(DeliveryParameters parameters) {
        return new DomainDispatcher.Limits(parameters.deliveryThreads(), parameters.maxThreadsPerDomain(),
                PARKED_PER_THREAD * parameters.deliveryThreads(), POSTPONE_DELAY, FLOW_WINDOW);
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
        if (dispatcher != null) {
            dispatcher.stop();
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
        DomainDelivery round = lookup.kind() == PolicyLookup.Kind.TEMPORARILY_UNKNOWN
                ? undiscovered(domain, lookup, mail) : run(domain, lookup, mail, mail.getRecipients());
        List<RecipientOutcome> temporary = round.recipients(Status.TEMPORARY_FAILURE);
        List<RecipientOutcome> permanent = new ArrayList<>(round.recipients(Status.PERMANENT_FAILURE));
        int retries = retries(mail);
        if (!temporary.isEmpty() && retries < parameters.retries().maxRetries()) {
            requeue(mail, temporary, round, retries + 1);
        } else if (!temporary.isEmpty()) {
            PolicyLookup fresh = lookup.hasPolicy() ? policies.recheck(domain) : lookup;
            if (recheckIncomplete(lookup, fresh) && uncheckedDeferrals(mail) < MAX_UNCHECKED_DEFERRALS) {
                // RFC 8461 §5.1: no permanent failure before the TXT record was checked for a new policy id;
                // the check could not be made (DNS trouble or the lookup's time bound), so wait and check again.
                mail.setAttribute(new Attribute(UNCHECKED_DEFERRALS, AttributeValue.of(uncheckedDeferrals(mail) + 1)));
                LOG.warn("MTA-STS: not bouncing {} yet: the check of {} for a new policy failed ({}); deferred again",
                        mail.getName(), domain, fresh.failure().map(f -> f.sentence()).orElse("unknown"));
                requeue(mail, temporary, round, retries);
                return;
            }
            round = lastChance(domain, lookup, fresh, mail, temporary, round);
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
    private DomainDelivery lastChance(DomainName domain, PolicyLookup lookup, PolicyLookup fresh, Mail mail,
            List<RecipientOutcome> failed, DomainDelivery round) {
        if (!lookup.hasPolicy()) {
            return round;
        }
        boolean changed = !fresh.hasPolicy()
                || !fresh.policy().get().id().equals(lookup.policy().get().id())
                || !fresh.policy().get().policy().equals(lookup.policy().get().policy());
        if (!changed) {
            return round;
        }
        LOG.info("MTA-STS: policy of {} changed before giving up on {}; trying once more", domain, mail.getName());
        return run(domain, fresh, mail, recipientsOf(mail, failed));
    }

    /**
     * RFC 8461 §3.3: the TXT record could not be read and nothing is cached. {@code discovery.failure=deliver}
     * delivers as without a policy (the RFC's rule); {@code defer} makes it a temporary failure, retried like
     * any other, so no mail leaves before the domain's policy is known. Either way it is logged and recorded.
     */
    private DomainDelivery undiscovered(DomainName domain, PolicyLookup lookup, Mail mail) {
        boolean defer = local.discoveryFailure() == LocalPolicy.DiscoveryFailure.DEFER;
        Failure failure = lookup.failure().get();
        log.discoveryFailed(mail.getName(), domain, failure, defer);
        observer.discoveryFailed(domain, failure, mail.getName(), defer);
        if (!defer) {
            return run(domain, lookup, mail, mail.getRecipients());
        }
        String reason = "the MTA-STS policy of " + domain + " is unknown: " + failure.sentence()
                + " Delivery waits until it can be looked up (discovery.failure=defer).";
        List<RecipientOutcome> deferred = mail.getRecipients().stream()
                .map(r -> new RecipientOutcome(r.asString(), Status.TEMPORARY_FAILURE, reason, EnhancedStatus.DNS_FAILURE))
                .collect(Collectors.toList());
        return new DomainDelivery(domain, lookup, TlsMode.of(lookup), List.of(), deferred);
    }

    private DomainDelivery run(DomainName domain, PolicyLookup lookup, Mail mail, Collection<MailAddress> recipients) {
        List<String> to = recipients.stream().map(MailAddress::asString).collect(Collectors.toList());
        Envelope envelope = new Envelope(mail.getMaybeSender().asString(""), to);
        DomainDelivery round;
        boolean waive;
        try {
            waive = waivesEnforce(mail, domain, lookup);
            round = waive ? deliverer.deliverDespiteTlsFailures(domain, lookup, envelope, mail.getMessage())
                    : deliverer.deliver(domain, lookup, envelope, mail.getMessage());
        } catch (MessagingException e) {
            throw new IllegalStateException("the message of " + mail.getName() + " cannot be read", e);
        }
        log.round(round, mail.getName());
        boolean reportMail = ReportMailMark.isReport(mail);
        observer.observe(round, mail.getName(), reportMail);
        if (waive) {
            log.waived(mail.getName(), round);
            observer.policyWaived(round, mail.getName(), reportMail);
        }
        return round;
    }

    /**
     * RFC 8689 §5: {@code TLS-Required: No} asks that TLS trouble not stop the message. Any sender whose mail
     * James relays can write it, so {@code tls.required.header=ignore} refuses it, except on the plugin's own
     * TLS-RPT report mails (marked by {@link ReportMailMark}; RFC 8460 §5.3.1 wants reports delivered despite TLS
     * failures). Only an enforce policy is waived; under testing or without a policy nothing changes.
     */
    private boolean waivesEnforce(Mail mail, DomainName domain, PolicyLookup lookup) throws MessagingException {
        if (TlsMode.of(lookup) != TlsMode.REQUIRE_VALIDATED || !tlsRequiredNo(mail)) {
            return false;
        }
        if (local.tlsRequiredHeader() == LocalPolicy.TlsRequiredHeader.HONOUR
                || ReportMailMark.isReport(mail)) {
            return true;
        }
        log.tlsRequiredIgnored(mail.getName(), domain);
        return false;
    }

    private static boolean tlsRequiredNo(Mail mail) throws MessagingException {
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
        deferred.enqueueLater(mail, delay);
    }

    /**
     * The re-check before a bounce did not learn the current policy: the TXT query failed or timed out, the
     * lookup's time bound passed, or a new id was announced but its policy could not be fetched; the answer still
     * shows the policy the round used. (An invalid TXT record or policy was read: that check is complete.)
     */
    static boolean recheckIncomplete(PolicyLookup used, PolicyLookup fresh) {
        boolean unread = fresh.failure().filter(f -> f.resultType() != ResultType.STS_POLICY_INVALID).isPresent();
        return used.hasPolicy() && unread && fresh.hasPolicy()
                && fresh.policy().get().id().equals(used.policy().get().id());
    }

    static int uncheckedDeferrals(Mail mail) {
        return mail.getAttribute(UNCHECKED_DEFERRALS).map(a -> a.getValue().value())
                .filter(Integer.class::isInstance).map(Integer.class::cast).orElse(0);
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
