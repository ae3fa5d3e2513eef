package dev.mtasts.james;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.james.config.MtaStsConfiguration;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.delivery.DeliveryObserver;
import dev.mtasts.core.delivery.DomainDeliverer;
import dev.mtasts.core.delivery.SessionTrust;
import dev.mtasts.core.delivery.SmtpAttempt;
import dev.mtasts.core.delivery.SmtpSettings;
import dev.mtasts.core.dns.CachingDnsResolver;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.james.delivery.DeliveryParameters;
import dev.mtasts.james.delivery.MtaStsDeliveryService;

/**
 * Remote delivery that applies the recipient domain's MTA-STS policy (RFC 8461), in place of James's
 * RemoteDelivery for the mails routed to it.
 *
 * <p>Under an enforce policy mail goes only to MX hosts the policy names, only after STARTTLS with TLS 1.2+
 * and a certificate valid for the MX name; a host that fails is skipped, and when all fail the mail is
 * deferred and retried. Before giving up it checks the policy again; the bounce (a DSN) says per MX what
 * failed. Under testing, failures are recorded and mail is delivered as RemoteDelivery would. Without a
 * policy, STARTTLS is used when offered.
 *
 * <pre>{@code
 * <mailet match="All" class="dev.mtasts.james.MtaStsRemoteDelivery">
 *   <outgoing>mta-sts-outgoing</outgoing>
 *   <delayTime>5m, 30m, 2h, 6h</delayTime>
 *   <maxRetries>5</maxRetries>
 *   <heloName>mail.example.com</heloName>
 * </mailet>
 * }</pre>
 *
 * Parameters: {@code outgoing} (queue name, default {@code mta-sts-outgoing}), {@code delayTime} (default
 * {@code 6h}), {@code maxRetries} (5), {@code timeout} (ms, 180000), {@code connectiontimeout} (ms, 60000),
 * {@code bounceProcessor} (default: this mailet sends a DSN), {@code heloName} (default: James's default
 * domain), {@code smtpPort} (25; for test set-ups), {@code deliveryThreads} (16), {@code deferredRepository}
 * (where mails a delay-ignoring queue hands back early wait, default
 * {@code memory://var/mail/<outgoing>-deferred/}; a persistent one per node on the distributed server),
 * {@code maxThreadsPerDomain}
 * (a quarter of {@code deliveryThreads}, at least 1), the deadlines
 * {@code sessionSetupTimeout} (3m), {@code commandTimeout} (5m), {@code transactionTimeout} (10m) and
 * {@code dataRateMin} (10240 octets/s), the round limits {@code mxAddressLimit} (5), {@code mxSessionLimit} (2),
 * {@code roundTimeout} (15m), {@code allowLoopbackMx} (false; for test set-ups), and session reuse
 * {@code sessionReuseIdle} (5s, 0 = off), {@code sessionReuseTransactions} (100), {@code sessionReuseMaxAge} (5m),
 * {@code sessionReusePerDestination} (2). Unknown parameters stop James's start-up; James's own
 * {@code onMailetException} and {@code onMatchException} are allowed. {@code tls.required.header} and
 * {@code discovery.failure} in {@code mta-sts.properties} decide what {@code TLS-Required: No} and an
 * unreadable {@code _mta-sts} TXT record do.
 */
public class MtaStsRemoteDelivery extends GenericMailet {
    private static final Logger LOG = LoggerFactory.getLogger(MtaStsRemoteDelivery.class);

    private final PolicyService policies;
    private final DnsResolver resolver;
    private final SessionTrust.Factory trust;
    private final MailQueueFactory<?> queues;
    private final MetricFactory metrics;
    private final DeliveryObserver observer;
    private final Clock clock;
    private final DomainList domains;
    private final MtaStsConfiguration configuration;
    private final MailRepositoryStore repositories;
    private MtaStsDeliveryService service;
    private SmtpAttempt attempts;

    @Inject
    public MtaStsRemoteDelivery(PolicyService policies, DnsResolver resolver, SessionTrust.Factory trust,
            MailQueueFactory<?> queues, MetricFactory metrics, DeliveryObserver observer, Clock clock,
            DomainList domains, MtaStsConfiguration configuration,
            MailRepositoryStore repositories) {
        this.domains = domains;
        this.configuration = configuration;
        this.repositories = repositories;
        this.policies = policies;
        this.resolver = resolver;
        this.trust = trust;
        this.queues = queues;
        this.metrics = metrics;
        this.observer = observer;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        Map<String, String> values = new HashMap<>();
        getInitParameterNames().forEachRemaining(name -> values.put(name, getInitParameter(name, "").trim()));
        DeliveryParameters parameters;
        try {
            parameters = DeliveryParameters.parse(values);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage());
        }
        String helo = parameters.heloName().orElseGet(this::defaultHelo);
        SmtpSettings smtp = new SmtpSettings(helo, parameters.smtpPort(), parameters.connectionTimeout(),
                parameters.timeout(), parameters.smtpLimits());
        // MX and address answers are kept for their TTL (at most 5 minutes) as any MTA's resolver would;
        // the _mta-sts TXT record is never cached here (the policy service decides when to ask again).
        DnsResolver deliveryDns = new CachingDnsResolver(resolver, clock, Duration.ofMinutes(5), 10_000);
        attempts = new SmtpAttempt(smtp, trust, clock, parameters.sessionReuse());
        DomainDeliverer deliverer = new DomainDeliverer(deliveryDns, attempts, clock, parameters.roundLimits());
        MailQueue queue = queues.createQueue(MailQueueName.of(parameters.outgoing()),
                MtaStsDeliveryService.queuePrefetch(parameters));
        MailRepository deferred;
        try {
            deferred = repositories.select(parameters.deferredRepository());
        } catch (MailRepositoryStore.MailRepositoryStoreException e) {
            throw new MessagingException("MtaStsRemoteDelivery: parameter 'deferredRepository'='"
                    + parameters.deferredRepository().asString() + "' names no repository this James can open ("
                    + e.getMessage() + "); use a protocol of mailrepositorystore.xml", e);
        }
        service = new MtaStsDeliveryService(getMailetContext(), queue, parameters, policies, deliverer, observer,
                metrics, helo, configuration.localPolicy(), clock, deferred);
        service.start();
    }

    /** As RemoteDelivery: James's default domain, unless {@code heloName} says otherwise. */
    private String defaultHelo() {
        try {
            return domains.getDefaultDomain().asString();
        } catch (DomainListException e) {
            LOG.warn("MtaStsRemoteDelivery: James's default domain is unknown ({}); HELO name 'localhost'. Set"
                    + " the heloName parameter.", e.getMessage());
            return "localhost";
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<Domain, List<MailAddress>> byDomain = new LinkedHashMap<>();
        List<MailAddress> undeliverable = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (DomainName.parse(recipient.getDomain().asString()).isValid()) {
                byDomain.computeIfAbsent(recipient.getDomain(), d -> new ArrayList<>()).add(recipient);
            } else {
                undeliverable.add(recipient);
            }
        }
        String name = mail.getName();
        for (Map.Entry<Domain, List<MailAddress>> group : byDomain.entrySet()) {
            mail.setRecipients(group.getValue());
            mail.setName(name + "-to-" + group.getKey().asString());
            service.enqueue(mail);
        }
        if (!undeliverable.isEmpty()) {
            mail.setRecipients(undeliverable);
            mail.setName(name);
            getMailetContext().bounce(mail, "MtaStsRemoteDelivery delivers to domain names only; "
                    + recipientsText(undeliverable) + " cannot be delivered by MX lookup");
        }
        mail.setState(Mail.GHOST);
    }

    private static String recipientsText(Collection<MailAddress> recipients) {
        List<String> names = new ArrayList<>();
        recipients.forEach(r -> names.add(r.asString()));
        return String.join(", ", names);
    }

    @Override
    public void destroy() {
        if (service != null) {
            service.stop();
        }
        if (attempts != null) {
            attempts.close();
        }
    }

    @Override
    public String getMailetInfo() {
        return "Remote delivery applying MTA-STS (RFC 8461) policies";
    }
}
