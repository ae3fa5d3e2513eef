package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;
import dev.mtasts.core.delivery.DeliveryObserver;
import dev.mtasts.core.delivery.DomainDeliverer;
import dev.mtasts.core.delivery.PkixSessionTrust;
import dev.mtasts.core.delivery.RoundLimits;
import dev.mtasts.core.delivery.SmtpAttempt;
import dev.mtasts.core.delivery.SmtpSettings;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.HttpsPolicyFetcher;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;
import dev.mtasts.testkit.time.MutableClock;

/**
 * One delivery round of {@link OutgoingDelivery} as a user sees it, on a real local world: a DNS server, an HTTPS
 * policy host and SMTP sinks with STARTTLS and certificates from a test CA, James's memory queue (browsed for what
 * was re-queued, with its delay and attributes), a memory repository for parked mails, and a mailet context that
 * receives the bounces. Queue, parking, policy cache and bounce dates run on a {@link MutableClock}; certificates
 * are judged on the real clock (the expired one expired a day ago).
 */
class OutgoingDeliveryTest {
    private static final DomainName DOMAIN = DomainName.of("out.test");
    private static final String TXT = "_mta-sts.out.test";
    private static final String POLICY_PATH = "/.well-known/mta-sts.txt";
    private static final String BAD_MX = "mx1.out.test";
    private static final String GOOD_MX = "mx2.out.test";
    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final int MAX_RETRIES = 2;
    private static TestCa ca;
    private static int smtpPort;

    @TempDir
    java.nio.file.Path store;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final ManageableMailQueue queue = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory(), clock)
            .createQueue(MailQueueName.of("outgoing-test"));
    private final MemoryMailRepository parked = new MemoryMailRepository();
    private final FakeMailContext context = FakeMailContext.builder().postmaster(address("postmaster@sender.test"))
            .build();
    private final List<TestSmtpSink> sinks = new ArrayList<>();
    private TestDnsServer dns;
    private TestHttpsServer policyHost;
    private PolicyService policies;
    private DeferredMails deferred;
    private TestSmtpSink expired;
    private TestSmtpSink good;

    @BeforeAll
    static void createCa() throws Exception {
        ca = TestCa.create();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            smtpPort = probe.getLocalPort();
        }
    }

    @BeforeEach
    void startWorld() throws Exception {
        dns = TestDnsServer.start();
        policyHost = TestHttpsServer.start("127.0.0.81", ca.leaf("mta-sts.out.test"));
        dns.a("mta-sts.out.test", 300, "127.0.0.81").txt(TXT, 300, "v=STSv1; id=one;");
        policyHost.respond(POLICY_PATH, TestResponse.policy(enforce(BAD_MX)));
        // Both MX hosts are in DNS; the policy decides which may be used.
        dns.mx(DOMAIN.asciiName(), 300, 10, BAD_MX).a(BAD_MX, 300, "127.0.0.82");
        dns.mx(DOMAIN.asciiName(), 300, 20, GOOD_MX).a(GOOD_MX, 300, "127.0.0.83");
        expired = sink("127.0.0.82", ca.expiredLeaf(BAD_MX), BAD_MX);
        good = sink("127.0.0.83", ca.leaf(GOOD_MX), GOOD_MX);

        DnsJavaResolver resolver = new DnsJavaResolver(ResolverSettings.builder().server(dns.hostPort())
                .timeout(Duration.ofSeconds(5)).build());
        CertificateVerifier verifier = new CertificateVerifier(
                TrustSettings.fromKeyStore(ca.trustStore(), "test CA"), Clock.systemUTC());
        HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(resolver, verifier,
                FetchSettings.defaults().withPort(policyHost.port()).withTotalTimeout(Duration.ofSeconds(5)));
        policies = new PolicyService(clock, resolver, fetcher, new FilePolicyStore(store), PolicyEventListener.NONE,
                PolicyServiceSettings.defaults());
        deferred = new DeferredMails(parked, queue, clock);
    }

    @AfterEach
    void stopWorld() throws Exception {
        deferred.close();
        policies.close();
        sinks.forEach(TestSmtpSink::close);
        policyHost.close();
        dns.close();
        queue.close();
    }

    private TestSmtpSink sink(String ip, TestCa.Leaf leaf, String name) {
        TestSmtpSink sink = TestSmtpSink.withStartTls(ip, smtpPort, leaf.serverContext(), name);
        sinks.add(sink);
        return sink;
    }

    private static String enforce(String mx) {
        return "version: STSv1\nmode: enforce\nmx: " + mx + "\nmax_age: 86400\n";
    }

    private OutgoingDelivery delivery(LocalPolicy.TlsRequiredHeader header) {
        DeliveryParameters parameters = DeliveryParameters.parse(Map.of("delayTime", DELAY.toSeconds() + "s",
                "maxRetries", String.valueOf(MAX_RETRIES), "smtpPort", String.valueOf(smtpPort)));
        SmtpAttempt smtp = new SmtpAttempt(new SmtpSettings("sender.test", smtpPort, Duration.ofSeconds(5),
                Duration.ofSeconds(10)), PkixSessionTrust.factory(new CertificateVerifier(
                        TrustSettings.fromKeyStore(ca.trustStore(), "test CA"), Clock.systemUTC())), Clock.systemUTC());
        DomainDeliverer deliverer = new DomainDeliverer(new DnsJavaResolver(ResolverSettings.builder()
                .server(dns.hostPort()).timeout(Duration.ofSeconds(5)).build()), smtp, Clock.systemUTC(),
                RoundLimits.defaults().withAllowLoopbackMx(true));
        FailureNotifier notifier = new FailureNotifier(context, Optional.empty(), "mail.sender.test", clock);
        return new OutgoingDelivery(queue, parameters, policies, deliverer, notifier, DeliveryObserver.NONE,
                new DeliveryLog(new RecordingMetricFactory(), clock), new LocalPolicy(header,
                        LocalPolicy.DiscoveryFailure.DELIVER), deferred);
    }

    private OutgoingDelivery delivery() {
        return delivery(LocalPolicy.TlsRequiredHeader.HONOUR);
    }

    private static Mail mail(String name, String... headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("figures " + name);
        message.setText("hello from " + name);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            message.setHeader(headers[i], headers[i + 1]);
        }
        message.saveChanges();
        return FakeMail.builder().name(name).sender("alice@sender.test").recipient("bob@out.test")
                .mimeMessage(message).build();
    }

    /** A mail handed back by the queue after {@code retries} failed rounds. */
    private static Mail retried(String name, int retries) throws Exception {
        Mail mail = mail(name);
        mail.setAttribute(new Attribute(OutgoingDelivery.RETRIES, AttributeValue.of(retries)));
        return mail;
    }

    private List<ManageableMailQueue.MailQueueItemView> requeued() throws Exception {
        List<ManageableMailQueue.MailQueueItemView> items = new ArrayList<>();
        queue.browse().forEachRemaining(items::add);
        return items;
    }

    private static int intAttribute(Mail mail, org.apache.mailet.AttributeName name) {
        return mail.getAttribute(name).map(a -> (Integer) a.getValue().value()).orElse(0);
    }

    /** The text of the one DSN the mailet context received. */
    private String bounce() throws Exception {
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getSender()).isEqualTo(MailAddress.nullSender());
        assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("alice@sender.test");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        sent.getMsg().writeTo(text);
        return text.toString(StandardCharsets.UTF_8);
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class UnderEnforce {
        @Test
        void shouldDeliverOverTlsAndRequeueNothingWhenTheMxIsGood() throws Exception {
            policyHost.respond(POLICY_PATH, TestResponse.policy(enforce(GOOD_MX)));

            delivery().deliver(mail("m1"));

            ReceivedMessage received = good.messages().get(0);
            assertThat(good.messages()).hasSize(1);
            assertThat(received.overTls()).isTrue();
            assertThat(received.recipients()).containsExactly("bob@out.test");
            assertThat(expired.messages()).isEmpty();
            assertThat(requeued()).isEmpty();
            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void shouldRequeueWithRetryOneAndTheConfiguredDelayWhenTheOnlyMxHasAnExpiredCertificate() throws Exception {
            Instant before = clock.instant();

            delivery().deliver(mail("m2"));

            assertThat(expired.messages()).isEmpty();
            assertThat(good.messages()).isEmpty();
            assertThat(context.getSentMails()).isEmpty();
            List<ManageableMailQueue.MailQueueItemView> items = requeued();
            assertThat(items).hasSize(1);
            Mail again = items.get(0).getMail();
            assertThat(again.getName()).isEqualTo("m2");
            assertThat(intAttribute(again, OutgoingDelivery.RETRIES)).isEqualTo(1);
            assertThat(items.get(0).getNextDelivery()).isPresent();
            assertThat(items.get(0).getNextDelivery().get().toInstant()).isEqualTo(before.plus(DELAY));
            assertThat(DeferredMails.nextAttempt(again)).contains(before.plus(DELAY));
            assertThat(again.getErrorMessage()).containsIgnoringCase("expired");
        }

        @Test
        void shouldCountRetriesAcrossRoundsWhenTheRequeuedMailFailsAgain() throws Exception {
            OutgoingDelivery delivery = delivery();
            delivery.deliver(mail("m3"));
            Mail again = requeued().get(0).getMail();
            queue.clear();
            clock.advance(DELAY);

            delivery.deliver(again);

            List<ManageableMailQueue.MailQueueItemView> items = requeued();
            assertThat(items).hasSize(1);
            assertThat(intAttribute(items.get(0).getMail(), OutgoingDelivery.RETRIES)).isEqualTo(2);
            assertThat(context.getSentMails()).isEmpty();
        }
    }

    @Nested
    class WhenRetriesAreExhausted {
        @Test
        void shouldDeliverOnTheLastChanceWhenTheTxtIdChangedToAPolicyAllowingAGoodMx() throws Exception {
            OutgoingDelivery delivery = delivery();
            delivery.deliver(mail("warm-up")); // the policy (id one, bad MX only) is now cached
            queue.clear();
            dns.remove(TXT);
            dns.txt(TXT, 300, "v=STSv1; id=two;");
            policyHost.respond(POLICY_PATH, TestResponse.policy(enforce(GOOD_MX)));
            int fetchesBefore = policyHost.requestsTo(POLICY_PATH).size();

            delivery.deliver(retried("m4", MAX_RETRIES));

            assertThat(policyHost.requestsTo(POLICY_PATH)).hasSize(fetchesBefore + 1);
            assertThat(good.messages()).hasSize(1);
            assertThat(good.messages().get(0).overTls()).isTrue();
            assertThat(requeued()).isEmpty();
            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void shouldBounceNamingTheCertificateProblemWhenTheRecheckFindsTheSamePolicy() throws Exception {
            OutgoingDelivery delivery = delivery();
            delivery.deliver(mail("warm-up"));
            queue.clear();
            dns.resetQueryLog();

            delivery.deliver(retried("m5", MAX_RETRIES));

            assertThat(dns.queryCount(TXT, Type.TXT)).as("the TXT record is read again (RFC 8461 §5.1)")
                    .isGreaterThanOrEqualTo(1);
            assertThat(good.messages()).isEmpty();
            assertThat(requeued()).isEmpty();
            String dsn = bounce();
            assertThat(dsn).contains("bob@out.test");
            assertThat(dsn).contains("Action: failed").contains("Status: 4.7.5");
            assertThat(dsn).contains("the certificate presented for mx1.out.test").contains("expired on");
            assertThat(dsn).contains("The policy was checked again");
        }
    }

    @Nested
    class WhenTheRecheckCannotReadTheTxtRecord {
        @Test
        void shouldDeferAgainWithoutBouncingWhenTheTxtQueryFails() throws Exception {
            OutgoingDelivery delivery = delivery();
            delivery.deliver(mail("warm-up"));
            queue.clear();
            dns.remove(TXT);
            dns.servfail(TXT, Type.TXT);

            delivery.deliver(retried("m6", MAX_RETRIES));

            assertThat(context.getSentMails()).isEmpty();
            List<ManageableMailQueue.MailQueueItemView> items = requeued();
            assertThat(items).hasSize(1);
            Mail again = items.get(0).getMail();
            assertThat(intAttribute(again, OutgoingDelivery.UNCHECKED_DEFERRALS)).isEqualTo(1);
            assertThat(intAttribute(again, OutgoingDelivery.RETRIES)).isEqualTo(MAX_RETRIES);
        }

        @Test
        void shouldBounceWhenTheCheckFailedOnThreeDeferralsAlready() throws Exception {
            OutgoingDelivery delivery = delivery();
            delivery.deliver(mail("warm-up"));
            queue.clear();
            dns.remove(TXT);
            dns.servfail(TXT, Type.TXT);
            Mail mail = retried("m7", MAX_RETRIES);
            for (int i = 1; i <= OutgoingDelivery.MAX_UNCHECKED_DEFERRALS; i++) {
                delivery.deliver(mail);
                List<ManageableMailQueue.MailQueueItemView> items = requeued();
                assertThat(items).as("deferral %d", i).hasSize(1);
                mail = items.get(0).getMail();
                assertThat(intAttribute(mail, OutgoingDelivery.UNCHECKED_DEFERRALS)).isEqualTo(i);
                queue.clear();
                clock.advance(DELAY);
            }
            assertThat(context.getSentMails()).isEmpty();

            delivery.deliver(mail);

            assertThat(requeued()).isEmpty();
            String dsn = bounce();
            assertThat(dsn).contains("Status: 4.7.5").contains("the certificate presented for mx1.out.test");
        }
    }

    @Nested
    class WhenDequeuedBeforeItsNextAttempt {
        @Test
        void shouldParkTheMailAndNotDeliverIt() throws Exception {
            policyHost.respond(POLICY_PATH, TestResponse.policy(enforce(GOOD_MX)));
            Mail mail = mail("early");
            deferred.schedule(mail, Duration.ofMinutes(5));

            delivery().deliver(mail);

            assertThat(good.messages()).isEmpty();
            assertThat(good.connectionCount()).isZero();
            assertThat(parked.size()).isEqualTo(1);
            assertThat(requeued()).isEmpty();
            assertThat(context.getSentMails()).isEmpty();
        }
    }

    @Nested
    class WithTlsRequiredNo {
        @Test
        void shouldDeliverDespiteTheExpiredCertificateWhenTheHeaderIsHonoured() throws Exception {
            delivery(LocalPolicy.TlsRequiredHeader.HONOUR).deliver(mail("waived", "TLS-Required", "No"));

            assertThat(expired.messages()).hasSize(1);
            assertThat(requeued()).isEmpty();
            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void shouldDeferWhenTheHeaderIsIgnored() throws Exception {
            delivery(LocalPolicy.TlsRequiredHeader.IGNORE).deliver(mail("not-waived", "TLS-Required", "No"));

            assertThat(expired.messages()).isEmpty();
            assertThat(good.messages()).isEmpty();
            List<ManageableMailQueue.MailQueueItemView> items = requeued();
            assertThat(items).hasSize(1);
            assertThat(intAttribute(items.get(0).getMail(), OutgoingDelivery.RETRIES)).isEqualTo(1);
            assertThat(context.getSentMails()).isEmpty();
        }
    }
}
