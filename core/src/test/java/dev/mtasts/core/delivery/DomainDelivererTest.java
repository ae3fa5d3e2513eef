package dev.mtasts.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;
import dev.mtasts.testkit.time.MutableClock;

/** The delivery engine against real SMTP servers with STARTTLS, real certificates and a real DNS server. */
class DomainDelivererTest {
    private static final DomainName DOMAIN = DomainName.of("example.test");
    /** The sinks listen on 127.0.0.x: MX addresses on this host allowed, as in every test set-up. */
    static final RoundLimits TEST_LIMITS = RoundLimits.defaults().withAllowLoopbackMx(true);
    private static TestCa ca;
    private static int port;

    private TestDnsServer dns;
    private final List<TestSmtpSink> sinks = new ArrayList<>();
    private DomainDeliverer deliverer;
    private DnsJavaResolver resolver;

    @BeforeAll
    static void createCa() throws Exception {
        ca = TestCa.create();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
    }

    @BeforeEach
    void startDns() {
        dns = TestDnsServer.start();
        ResolverSettings settings = ResolverSettings.builder().server(dns.hostPort()).timeout(Duration.ofSeconds(5)).build();
        Clock clock = Clock.systemUTC();
        SmtpAttempt smtp = new SmtpAttempt(new SmtpSettings("sender.test", port, Duration.ofSeconds(5), Duration.ofSeconds(10)),
                PkixSessionTrust.factory(new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"), clock)),
                clock);
        resolver = new DnsJavaResolver(settings);
        deliverer = new DomainDeliverer(resolver, smtp, clock, TEST_LIMITS);
    }

    @AfterEach
    void stop() {
        sinks.forEach(TestSmtpSink::close);
        dns.close();
    }

    private TestSmtpSink mx(String name, String ip, int preference, TestCa.Leaf leaf) {
        dns.mx(DOMAIN.asciiName(), 300, preference, name).a(name, 300, ip);
        TestSmtpSink sink = leaf == null ? TestSmtpSink.plaintextOnly(ip, port, name)
                : TestSmtpSink.withStartTls(ip, port, leaf.serverContext(), name);
        sinks.add(sink);
        return sink;
    }

    private static PolicyLookup policy(PolicyMode mode, String... patterns) {
        List<MxPattern> mx = new ArrayList<>();
        for (String pattern : patterns) {
            mx.add(MxPattern.parse(pattern).value());
        }
        StsPolicy policy = new StsPolicy(mode, mx, 86400, List.of("version: STSv1", "mode: " + mode.text()));
        return PolicyLookup.policy(new CachedPolicy(DOMAIN, "id1", policy, Instant.now()));
    }

    private DomainDelivery deliver(PolicyLookup lookup, String... recipients) throws Exception {
        return deliver(deliverer, lookup, recipients);
    }

    private static DomainDelivery deliver(DomainDeliverer deliverer, PolicyLookup lookup, String... recipients)
            throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setText("hello");
        message.setSubject("test");
        message.saveChanges();
        return deliverer.deliver(DOMAIN, lookup, new Envelope("alice@sender.test", List.of(recipients)), message);
    }

    @Nested
    class Enforce {
        @Test
        void shouldDeliverOverValidatedTlsWithSniWhenTheMxIsGood() throws Exception {
            TestSmtpSink good = mx("mx1.example.test", "127.0.0.31", 10, ca.leaf("mx1.example.test"));

            DomainDelivery round = deliver(policy(PolicyMode.ENFORCE, "mx1.example.test"), "bob@example.test");

            assertThat(round.recipients(Status.DELIVERED)).hasSize(1);
            ReceivedMessage received = good.messages().get(0);
            assertThat(received.overTls()).isTrue();
            assertThat(received.sniHostName()).isEqualTo("mx1.example.test");
            assertThat(received.recipients()).containsExactly("bob@example.test");
            AttemptResult attempt = round.attempts().get(0);
            assertThat(attempt.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(attempt.tls().get().validated()).isTrue();
            assertThat(attempt.tls().get().protocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(attempt.tlsFailure()).isEmpty();
            assertThat(attempt.serverName()).contains("mx1.example.test");
        }

        @Test
        void shouldNeverSendMailFromWhenTheMxOffersNoStartTls() throws Exception {
            TestSmtpSink plain = mx("mx1.example.test", "127.0.0.32", 10, null);

            DomainDelivery round = deliver(policy(PolicyMode.ENFORCE, "mx1.example.test"), "bob@example.test");

            assertThat(plain.messages()).isEmpty();
            assertThat(round.recipients(Status.TEMPORARY_FAILURE)).hasSize(1);
            assertThat(round.recipients().get(0).enhancedStatus()).isEqualTo(EnhancedStatus.TLS_POLICY);
            AttemptResult attempt = round.attempts().get(0);
            assertThat(attempt.outcome()).isEqualTo(Outcome.TLS_FAILED);
            assertThat(attempt.tlsFailure().get().resultType()).isEqualTo(ResultType.STARTTLS_NOT_SUPPORTED);
        }

        @Test
        void shouldRefuseASelfSignedCertificate() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.33", 10, TestCa.selfSignedLeaf("mx1.example.test"));

            DomainDelivery round = deliver(policy(PolicyMode.ENFORCE, "mx1.example.test"), "bob@example.test");

            assertThat(sink.messages()).isEmpty();
            assertThat(round.attempts().get(0).tlsFailure().get().resultType()).isEqualTo(ResultType.CERTIFICATE_NOT_TRUSTED);
        }

        @Test
        void shouldRefuseAnExpiredCertificate() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.34", 10, ca.expiredLeaf("mx1.example.test"));

            DomainDelivery round = deliver(policy(PolicyMode.ENFORCE, "mx1.example.test"), "bob@example.test");

            assertThat(sink.messages()).isEmpty();
            assertThat(round.attempts().get(0).tlsFailure().get().resultType()).isEqualTo(ResultType.CERTIFICATE_EXPIRED);
            assertThat(round.recipients().get(0).reason()).contains("mx1.example.test");
        }

        @Test
        void shouldRefuseACertificateForAnotherName() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.35", 10, ca.leaf("other.example.test"));

            DomainDelivery round = deliver(policy(PolicyMode.ENFORCE, "mx1.example.test"), "bob@example.test");

            assertThat(sink.messages()).isEmpty();
            assertThat(round.attempts().get(0).tlsFailure().get().resultType())
                    .isEqualTo(ResultType.CERTIFICATE_HOST_MISMATCH);
        }

        @Test
        void shouldNeverContactAnMxOutsideThePolicy() throws Exception {
            TestSmtpSink outside = mx("evil.attacker.test", "127.0.0.36", 5, ca.leaf("evil.attacker.test"));
            TestSmtpSink listed = mx("mx1.example.test", "127.0.0.37", 10, ca.leaf("mx1.example.test"));

            DomainDelivery round = deliver(policy(PolicyMode.ENFORCE, "mx1.example.test"), "bob@example.test");

            assertThat(outside.connectionCount()).isZero();
            assertThat(listed.messages()).hasSize(1);
            assertThat(round.attempts().get(0).outcome()).isEqualTo(Outcome.NOT_CONTACTED);
            assertThat(round.attempts().get(0).tlsFailure().get().resultType()).isEqualTo(ResultType.VALIDATION_FAILURE);
        }

        @Test
        void shouldDeferWithAPolicyStatusWhenEveryMxIsOutsideThePolicy() throws Exception {
            TestSmtpSink outside = mx("mx.elsewhere.test", "127.0.0.44", 10, ca.leaf("mx.elsewhere.test"));

            DomainDelivery round = deliver(policy(PolicyMode.ENFORCE, "mx1.example.test"), "bob@example.test");

            assertThat(outside.connectionCount()).isZero();
            RecipientOutcome bob = round.recipients(Status.TEMPORARY_FAILURE).get(0);
            assertThat(bob.enhancedStatus()).isEqualTo(EnhancedStatus.TLS_POLICY);
            assertThat(bob.reason()).contains("mx.elsewhere.test").contains("not allowed by the MTA-STS policy");
        }

        @Test
        void shouldFallBackToTheNextMxWhenTheFirstFails() throws Exception {
            TestSmtpSink broken = mx("mx1.example.test", "127.0.0.38", 10, ca.expiredLeaf("mx1.example.test"));
            TestSmtpSink good = mx("mx2.example.test", "127.0.0.39", 20, ca.leaf("mx2.example.test"));

            DomainDelivery round = deliver(policy(PolicyMode.ENFORCE, "*.example.test"), "bob@example.test");

            assertThat(broken.messages()).isEmpty();
            assertThat(good.messages()).hasSize(1);
            assertThat(round.attempts()).extracting(AttemptResult::outcome)
                    .containsExactly(Outcome.TLS_FAILED, Outcome.DELIVERED);
        }
    }

    /** TLS sessions are resumed across attempts: the certificate is checked again after every handshake. */
    @Nested
    class ResumedSessions {
        @Test
        void shouldRefuseAResumedSessionUnderEnforceOnceItsCertificateExpired() throws Exception {
            Instant start = Instant.now();
            TestCa.Leaf leaf = ca.issue(start.minusSeconds(60), start.plus(Duration.ofHours(1)), "mx1.example.test");
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.45", 10, leaf);
            MutableClock clock = new MutableClock(start);
            SmtpAttempt smtp = new SmtpAttempt(new SmtpSettings("sender.test", port, Duration.ofSeconds(5),
                    Duration.ofSeconds(10)), PkixSessionTrust.factory(new CertificateVerifier(
                            TrustSettings.fromKeyStore(ca.trustStore(), "test CA"), clock)), clock);
            DomainDeliverer later = new DomainDeliverer(resolver, smtp, clock, TEST_LIMITS);
            assertThat(deliver(later, policy(PolicyMode.ENFORCE, "mx1.example.test"), "bob@example.test")
                    .recipients(Status.DELIVERED)).hasSize(1);

            clock.set(leaf.certificate().getNotAfter().toInstant().plusSeconds(1));
            DomainDelivery round = deliver(later, policy(PolicyMode.ENFORCE, "mx1.example.test"), "carol@example.test");

            assertThat(sink.messages()).hasSize(1);
            assertThat(round.recipients(Status.DELIVERED)).isEmpty();
            AttemptResult attempt = round.attempts().get(0);
            assertThat(attempt.outcome()).isEqualTo(Outcome.TLS_FAILED);
            assertThat(attempt.tlsFailure().get().resultType()).isEqualTo(ResultType.CERTIFICATE_EXPIRED);
        }

        @Test
        void shouldNotLetASessionAcceptedUnderTestingCarryAnEnforceDelivery() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.46", 10, TestCa.selfSignedLeaf("mx1.example.test"));
            DomainDelivery testing = deliver(policy(PolicyMode.TESTING, "mx1.example.test"), "bob@example.test");
            assertThat(testing.recipients(Status.DELIVERED)).hasSize(1);

            DomainDelivery enforce = deliver(policy(PolicyMode.ENFORCE, "mx1.example.test"), "carol@example.test");

            assertThat(sink.messages()).hasSize(1);
            assertThat(sink.messages().get(0).recipients()).containsExactly("bob@example.test");
            assertThat(enforce.recipients(Status.DELIVERED)).isEmpty();
            assertThat(enforce.attempts().get(0).tlsFailure().get().resultType())
                    .isEqualTo(ResultType.CERTIFICATE_NOT_TRUSTED);
        }

        @Test
        void shouldRecordTheFailureOfEveryResumedSessionUnderTesting() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.47", 10, TestCa.selfSignedLeaf("mx1.example.test"));

            for (int i = 0; i < 3; i++) {
                DomainDelivery round = deliver(policy(PolicyMode.TESTING, "mx1.example.test"), "bob@example.test");

                AttemptResult attempt = round.attempts().get(0);
                assertThat(attempt.outcome()).as("delivery %d", i).isEqualTo(Outcome.DELIVERED);
                assertThat(attempt.tls().get().validated()).as("delivery %d", i).isFalse();
                assertThat(attempt.tlsFailure().get().resultType()).as("delivery %d", i)
                        .isEqualTo(ResultType.CERTIFICATE_NOT_TRUSTED);
            }
            assertThat(sink.messages()).hasSize(3);
        }
    }

    @Nested
    class Testing {
        @Test
        void shouldDeliverDespiteABadCertificateAndRecordTheFailure() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.40", 10, TestCa.selfSignedLeaf("mx1.example.test"));

            DomainDelivery round = deliver(policy(PolicyMode.TESTING, "mx1.example.test"), "bob@example.test");

            assertThat(sink.messages()).hasSize(1);
            assertThat(sink.messages().get(0).overTls()).isTrue();
            AttemptResult attempt = round.attempts().get(0);
            assertThat(attempt.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(attempt.tls().get().validated()).isFalse();
            assertThat(attempt.tlsFailure().get().resultType()).isEqualTo(ResultType.CERTIFICATE_NOT_TRUSTED);
        }

        @Test
        void shouldDeliverInPlaintextWithoutStartTlsAndRecordIt() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.41", 10, null);

            DomainDelivery round = deliver(policy(PolicyMode.TESTING, "mx1.example.test"), "bob@example.test");

            assertThat(sink.messages()).hasSize(1);
            assertThat(sink.messages().get(0).overTls()).isFalse();
            assertThat(round.attempts().get(0).tlsFailure().get().resultType())
                    .isEqualTo(ResultType.STARTTLS_NOT_SUPPORTED);
        }
    }

    @Nested
    class WithoutPolicy {
        @Test
        void shouldUseOpportunisticTlsWithoutCheckingTheCertificate() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.42", 10, TestCa.selfSignedLeaf("mx1.example.test"));

            DomainDelivery round = deliver(PolicyLookup.noPolicy(), "bob@example.test");

            assertThat(sink.messages()).hasSize(1);
            assertThat(sink.messages().get(0).overTls()).isTrue();
            assertThat(round.attempts().get(0).tlsFailure()).isEmpty();
        }

        @Test
        void shouldSplitRecipientOutcomesByTheirReplies() throws Exception {
            TestSmtpSink sink = mx("mx1.example.test", "127.0.0.43", 10, ca.leaf("mx1.example.test"));
            sink.rejectRecipient("gone@example.test", "550 5.1.1 no such user");
            sink.rejectRecipient("full@example.test", "452 4.2.2 mailbox full");

            DomainDelivery round = deliver(PolicyLookup.noPolicy(), "bob@example.test", "gone@example.test",
                    "full@example.test");

            assertThat(sink.messages()).hasSize(1);
            assertThat(sink.messages().get(0).recipients()).containsExactly("bob@example.test");
            assertThat(round.recipients(Status.DELIVERED)).extracting(RecipientOutcome::recipient)
                    .containsExactly("bob@example.test");
            assertThat(round.recipients(Status.PERMANENT_FAILURE)).singleElement()
                    .satisfies(r -> assertThat(r.enhancedStatus()).isEqualTo("5.1.1"));
            assertThat(round.recipients(Status.TEMPORARY_FAILURE)).singleElement()
                    .satisfies(r -> assertThat(r.enhancedStatus()).isEqualTo("4.2.2"));
        }
    }
}
