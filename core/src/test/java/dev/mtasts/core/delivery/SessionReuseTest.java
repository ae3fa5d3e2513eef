package dev.mtasts.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
import dev.mtasts.core.tlsrpt.record.SessionMapper;
import dev.mtasts.core.tlsrpt.SessionResult;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.smtp.HostileSmtpServer;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;
import dev.mtasts.testkit.time.MutableClock;

/** Session reuse on real TLS sockets: when a session carries further mail, and when it must not. */
class SessionReuseTest {
    private static final DomainName DOMAIN = DomainName.of("reuse.test");
    private static final String MX1 = "mx1.reuse.test";
    private static TestCa ca;
    private static int port;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.now());
    private TestDnsServer dns;
    private SmtpAttempt smtp;
    private DomainDeliverer deliverer;

    @BeforeAll
    static void createCa() throws Exception {
        ca = TestCa.create();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
    }

    @BeforeEach
    void start() {
        dns = TestDnsServer.start();
        deliverer = deliverer(SessionReuse.defaults());
    }

    private DomainDeliverer deliverer(SessionReuse reuse) {
        smtp = new SmtpAttempt(new SmtpSettings("sender.test", port, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                PkixSessionTrust.factory(new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"),
                        clock)), clock, reuse);
        closeables.add(smtp);
        DnsJavaResolver resolver = new DnsJavaResolver(ResolverSettings.builder().server(dns.hostPort())
                .timeout(Duration.ofSeconds(5)).build());
        return new DomainDeliverer(resolver, smtp, clock, DomainDelivererTest.TEST_LIMITS);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        dns.close();
    }

    private TestSmtpSink tlsMx(DomainName domain, String name, String ip, TestCa.Leaf leaf) {
        dns.mx(domain.asciiName(), 300, 10, name).a(name, 300, ip);
        TestSmtpSink sink = TestSmtpSink.withStartTls(ip, port, leaf.serverContext(), name);
        closeables.add(sink);
        return sink;
    }

    private static PolicyLookup policy(DomainName domain, PolicyMode mode, String id, String pattern) {
        StsPolicy policy = new StsPolicy(mode, List.of(MxPattern.parse(pattern).value()), 86400,
                List.of("version: STSv1", "mode: " + mode.text(), "mx: " + pattern));
        return PolicyLookup.policy(new CachedPolicy(domain, id, policy, Instant.now()));
    }

    private DomainDelivery deliver(PolicyLookup lookup) throws Exception {
        return deliver(DOMAIN, lookup);
    }

    private DomainDelivery deliver(DomainName domain, PolicyLookup lookup) throws Exception {
        return deliverer.deliver(domain, lookup, new Envelope("alice@sender.test", List.of("bob@" + domain)),
                HostileMxTest.message(100));
    }

    @Test
    void shouldCarryNMailsOverOneSessionAndCountItOnceForTlsRpt() throws Exception {
        TestSmtpSink sink = tlsMx(DOMAIN, MX1, "127.0.4.1", ca.leaf(MX1));
        List<SessionResult> sessions = new ArrayList<>();
        List<AttemptResult> attempts = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            DomainDelivery round = deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));
            assertThat(round.recipients(Status.DELIVERED)).as("mail %d", i).hasSize(1);
            sessions.addAll(SessionMapper.sessions(round));
            attempts.addAll(round.attempts());
        }

        assertThat(sink.connectionCount()).isEqualTo(1);
        assertThat(sink.messages()).hasSize(4).allSatisfy(m -> assertThat(m.overTls()).isTrue());
        assertThat(attempts).extracting(AttemptResult::reusedSession).containsExactly(false, true, true, true);
        assertThat(attempts).allSatisfy(a -> assertThat(a.tls().get().validated()).isTrue());
        assertThat(sessions).hasSize(1);
    }

    @Test
    void shouldNeverReuseASessionOfTestingOrOfNoPolicyForEnforce() throws Exception {
        TestSmtpSink sink = tlsMx(DOMAIN, MX1, "127.0.4.2", ca.leaf(MX1));

        deliver(policy(DOMAIN, PolicyMode.TESTING, "id1", MX1));
        deliver(PolicyLookup.noPolicy());
        DomainDelivery enforce = deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));

        assertThat(sink.connectionCount()).isEqualTo(3);
        assertThat(enforce.attempts().get(0).reusedSession()).isFalse();
        assertThat(enforce.recipients(Status.DELIVERED)).hasSize(1);
    }

    @Test
    void shouldStopReuseAtOnceWhenThePolicyIdChanges() throws Exception {
        TestSmtpSink sink = tlsMx(DOMAIN, MX1, "127.0.4.3", ca.leaf(MX1));

        deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));
        DomainDelivery rotated = deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id2", MX1));
        DomainDelivery back = deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));

        assertThat(rotated.attempts().get(0).reusedSession()).isFalse();
        assertThat(back.attempts().get(0).reusedSession()).isFalse();
        assertThat(sink.connectionCount()).isEqualTo(3);
        assertThat(smtp.idleSessions()).isEqualTo(1);
    }

    @Test
    void shouldNotReuseASessionPastItsCertificatesNotAfter() throws Exception {
        Instant now = clock.instant();
        TestCa.Leaf leaf = ca.issue(now.minusSeconds(60), now.plus(Duration.ofHours(1)), MX1);
        TestSmtpSink sink = tlsMx(DOMAIN, MX1, "127.0.4.4", leaf);
        deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));

        clock.set(leaf.certificate().getNotAfter().toInstant().plusSeconds(1));
        DomainDelivery later = deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));

        assertThat(sink.messages()).hasSize(1);
        AttemptResult attempt = later.attempts().get(0);
        assertThat(attempt.reusedSession()).isFalse();
        assertThat(attempt.outcome()).isEqualTo(Outcome.TLS_FAILED);
        assertThat(attempt.tlsFailure().get().resultType()).isEqualTo(ResultType.CERTIFICATE_EXPIRED);
    }

    @Test
    void shouldNeverShareASessionBetweenTwoMxNamesOnOneAddress() throws Exception {
        DomainName other = DomainName.of("other.test");
        TestSmtpSink sink = tlsMx(DOMAIN, MX1, "127.0.4.5", ca.leaf(MX1));
        dns.mx(other.asciiName(), 300, 10, "mx2.other.test").a("mx2.other.test", 300, "127.0.4.5");

        deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));
        DomainDelivery second = deliver(other, policy(other, PolicyMode.ENFORCE, "id1", "mx2.other.test"));

        assertThat(sink.connectionCount()).isEqualTo(2);
        assertThat(sink.messages()).hasSize(1);
        assertThat(second.attempts().get(0).tlsFailure().get().resultType())
                .isEqualTo(ResultType.CERTIFICATE_HOST_MISMATCH);
    }

    @Test
    void shouldUseAFreshSessionWhenTheIdleOneWasClosedByTheServer() throws Exception {
        TestSmtpSink first = tlsMx(DOMAIN, MX1, "127.0.4.6", ca.leaf(MX1));
        deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));
        first.close();
        TestSmtpSink second = TestSmtpSink.withStartTls("127.0.4.6", port, ca.leaf(MX1).serverContext(), MX1);
        closeables.add(second);

        DomainDelivery round = deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));

        assertThat(round.attempts()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(a.reusedSession()).isFalse();
        });
        assertThat(second.messages()).hasSize(1);
    }

    @Test
    void shouldOpenANewSessionAfterTheMostTransactionsPerSession() throws Exception {
        deliverer = deliverer(new SessionReuse(Duration.ofSeconds(5), 2, Duration.ofMinutes(5), 2));
        TestSmtpSink sink = tlsMx(DOMAIN, MX1, "127.0.4.7", ca.leaf(MX1));

        for (int i = 0; i < 3; i++) {
            deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));
        }

        assertThat(sink.messages()).hasSize(3);
        assertThat(sink.connectionCount()).isEqualTo(2);
    }

    @Nested
    class Lifecycle {
        @Test
        void shouldQuitIdleSessionsWhenClosed() throws Exception {
            HostileSmtpServer server = HostileSmtpServer.start("127.0.4.8", port,
                    HostileSmtpServer.ehloName("mx1.reuse.test"));
            closeables.add(server);
            dns.mx(DOMAIN.asciiName(), 300, 10, MX1).a(MX1, 300, "127.0.4.8");
            deliver(PolicyLookup.noPolicy());
            assertThat(smtp.idleSessions()).isEqualTo(1);
            assertThat(server.receivedCommand("QUIT")).isFalse();

            smtp.close();

            assertThat(smtp.idleSessions()).isZero();
            assertThat(server.receivedCommand("QUIT")).isTrue();
        }

        @Test
        void shouldCloseASessionIdleLongerThanTheIdleLimit() throws Exception {
            deliverer = deliverer(new SessionReuse(Duration.ofMillis(200), 100, Duration.ofMinutes(5), 2));
            TestSmtpSink sink = tlsMx(DOMAIN, MX1, "127.0.4.9", ca.leaf(MX1));
            deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));

            Thread.sleep(400); // the idle limit runs on the socket watchdog's real time, not on a clock
            DomainDelivery later = deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));

            assertThat(later.attempts().get(0).reusedSession()).isFalse();
            assertThat(sink.connectionCount()).isEqualTo(2);
        }

        @Test
        void shouldKeepEveryAttemptOnItsOwnSessionWhenReuseIsOff() throws Exception {
            deliverer = deliverer(SessionReuse.off());
            TestSmtpSink sink = tlsMx(DOMAIN, MX1, "127.0.4.10", ca.leaf(MX1));

            deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));
            deliver(policy(DOMAIN, PolicyMode.ENFORCE, "id1", MX1));

            assertThat(sink.connectionCount()).isEqualTo(2);
            assertThat(smtp.idleSessions()).isZero();
        }
    }
}
