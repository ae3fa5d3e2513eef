package dev.mtasts.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.smtp.SmtpLimits;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.smtp.HostileSmtpServer;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/** The bounds of one delivery round ({@link RoundLimits}) against a real DNS server and real sockets. */
class DomainDelivererLimitsTest {
    private static final DomainName DOMAIN = DomainName.of("limits.test");
    private static int port;

    private final TestCa ca = TestCa.create();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TestDnsServer dns;
    private DnsJavaResolver resolver;

    @BeforeAll
    static void freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
    }

    @BeforeEach
    void startDns() {
        dns = TestDnsServer.start();
        resolver = new DnsJavaResolver(ResolverSettings.builder().server(dns.hostPort()).timeout(Duration.ofSeconds(5))
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        dns.close();
    }

    private DomainDeliverer deliverer(RoundLimits limits, SmtpLimits smtpLimits) {
        Clock clock = Clock.systemUTC();
        SmtpAttempt smtp = new SmtpAttempt(new SmtpSettings("sender.test", port, Duration.ofSeconds(2),
                Duration.ofSeconds(10), smtpLimits), PkixSessionTrust.factory(new CertificateVerifier(
                        TrustSettings.fromKeyStore(ca.trustStore(), "test CA"), clock)), clock);
        closeables.add(smtp);
        return new DomainDeliverer(resolver, smtp, clock, limits);
    }

    private DomainDelivery deliver(DomainDeliverer deliverer, PolicyLookup lookup) throws Exception {
        return deliverer.deliver(DOMAIN, lookup, new Envelope("alice@sender.test", List.of("bob@limits.test")),
                HostileMxTest.message(100));
    }

    private static PolicyLookup enforce() {
        StsPolicy policy = new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse("*.limits.test").value()), 86400,
                List.of("version: STSv1", "mode: enforce"));
        return PolicyLookup.policy(new CachedPolicy(DOMAIN, "id1", policy, Instant.now()));
    }

    private TestSmtpSink plainSink(String ip, String name) {
        TestSmtpSink sink = TestSmtpSink.plaintextOnly(ip, port, name);
        closeables.add(sink);
        return sink;
    }

    @Test
    void shouldRefuseAnMxOnThisHostByDefault() throws Exception {
        dns.mx(DOMAIN.asciiName(), 300, 10, "mx1.limits.test").a("mx1.limits.test", 300, "127.0.0.51");
        TestSmtpSink sink = plainSink("127.0.0.51", "mx1.limits.test");

        DomainDelivery round = deliver(deliverer(RoundLimits.defaults(), SmtpLimits.defaults()),
                PolicyLookup.noPolicy());

        assertThat(sink.connectionCount()).isZero();
        AttemptResult attempt = round.attempts().get(0);
        assertThat(attempt.outcome()).isEqualTo(Outcome.CONNECTION_FAILED);
        assertThat(attempt.detail()).isEqualTo("the MX host mx1.limits.test resolves to 127.0.0.51, an address of this"
                + " host (loopback or unspecified); delivery to it is refused (allowLoopbackMx is false)");
        assertThat(round.recipients(Status.TEMPORARY_FAILURE)).hasSize(1);
    }

    @ParameterizedTest(name = "{0} is this host: {1}")
    @CsvSource({
        "127.0.0.1, true", "127.255.255.254, true", "::1, true", "0.0.0.0, true", "0.1.2.3, true", "::, true",
        "::ffff:127.0.0.1, true", "192.0.2.1, false", "10.0.0.1, false", "::ffff:192.0.2.1, false",
        "2001:db8::1, false", "169.254.1.1, false",
    })
    void shouldTellAddressesOfThisHostApart(String address, boolean thisHost) throws Exception {
        assertThat(RoundLimits.isThisHost(InetAddress.getByName(address))).isEqualTo(thisHost);
    }

    @Test
    void shouldUseNoMoreMxAddressesThanTheLimit() throws Exception {
        for (int host = 1; host <= 3; host++) {
            String name = "mx" + host + ".limits.test";
            dns.mx(DOMAIN.asciiName(), 300, host * 10, name).a(name, 300, "127.0.1." + (host * 2))
                    .a(name, 300, "127.0.1." + (host * 2 + 1));
        }
        dns.mx(DOMAIN.asciiName(), 300, 40, "mx4.limits.test").a("mx4.limits.test", 300, "127.0.1.20");
        TestSmtpSink fourth = plainSink("127.0.1.20", "mx4.limits.test");

        DomainDelivery round = deliver(deliverer(new RoundLimits(3, 0, Duration.ofMinutes(1), true),
                SmtpLimits.defaults()), PolicyLookup.noPolicy());

        assertThat(round.attempts()).hasSize(3).allSatisfy(a -> assertThat(a.greeted()).isFalse());
        assertThat(fourth.connectionCount()).isZero();
        assertThat(round.recipients().get(0).reason()).endsWith("; stopped after 3 MX addresses (mxAddressLimit 3)");
    }

    @Test
    void shouldOpenNoMoreGreetedSessionsThanTheLimit() throws Exception {
        List<TestSmtpSink> sinks = new ArrayList<>();
        for (int host = 1; host <= 3; host++) {
            String name = "mx" + host + ".limits.test";
            dns.mx(DOMAIN.asciiName(), 300, host * 10, name).a(name, 300, "127.0.2." + host);
            sinks.add(plainSink("127.0.2." + host, name));
        }

        DomainDelivery round = deliver(deliverer(new RoundLimits(0, 2, Duration.ofMinutes(1), true),
                SmtpLimits.defaults()), enforce());

        assertThat(round.attempts()).extracting(AttemptResult::outcome)
                .containsExactly(Outcome.TLS_FAILED, Outcome.TLS_FAILED);
        assertThat(sinks.get(2).connectionCount()).isZero();
        assertThat(round.recipients().get(0).reason()).endsWith("; stopped after 2 SMTP sessions (mxSessionLimit 2)");
    }

    @Test
    void shouldEndTheRoundAtItsDeadlineEvenWhileAnMxDrips() throws Exception {
        List<HostileSmtpServer> drippers = new ArrayList<>();
        for (int host = 1; host <= 3; host++) {
            String name = "mx" + host + ".limits.test";
            dns.mx(DOMAIN.asciiName(), 300, host * 10, name).a(name, 300, "127.0.3." + host);
            HostileSmtpServer dripper = HostileSmtpServer.start("127.0.3." + host, port,
                    HostileSmtpServer.drippingGreeting(Duration.ofMillis(100)));
            closeables.add(dripper);
            drippers.add(dripper);
        }
        DomainDeliverer deliverer = deliverer(new RoundLimits(0, 0, Duration.ofMillis(1500), true),
                SmtpLimits.defaults().withSessionSetup(Duration.ofSeconds(1)));
        long start = System.nanoTime();

        DomainDelivery round = deliver(deliverer, PolicyLookup.noPolicy());

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(round.attempts()).hasSize(2);
        assertThat(round.attempts().get(0).detail()).isEqualTo("mx1.limits.test [127.0.3.1] did not send the greeting"
                + " within the session set-up deadline of 1 s");
        assertThat(round.attempts().get(1).detail()).isEqualTo("mx2.limits.test [127.0.3.2] did not send the greeting"
                + " within the delivery round deadline of 1500 ms");
        assertThat(drippers.get(2).connectionCount()).isZero();
        assertThat(round.recipients().get(0).reason())
                .endsWith("; stopped: the delivery round deadline of 1500 ms passed");
        assertThat(took).isLessThan(Duration.ofMillis(1500 + 1500));
    }
}
