package dev.mtasts.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.smtp.PostfixServer;
import dev.mtasts.testkit.tls.TestCa;

/**
 * The delivery socket never waits on the receiver's delayed ACK (issue 11, item 0). With Nagle's algorithm on, a
 * small segment written while earlier data is unacknowledged waits until the receiver ACKs; Linux delays that ACK
 * by at least 40 ms, so a session that stalls costs 40 ms or more per stall, whatever the CPU does. A real Postfix
 * with STARTTLS on loopback shows it (the in-process sinks answer in a way that hides it).
 *
 * <p>Thirty sequential deliveries of about 10 KB each; the fastest must take less than one stall (40 ms). A
 * socket that stalls on every mail (two stalls each: after the TLS handshake and in the message data) cannot
 * deliver any mail faster than 80 ms, however idle the machine; a loaded CPU only makes deliveries slower, so
 * the fastest of thirty is the measure least disturbed by the other work on a shared 2-core machine (the
 * median there ranged from 15 to 80 ms for a socket without stalls).
 */
class DeliveryStallTest {
    private static final DomainName DOMAIN = DomainName.of("stall.test");
    private static final String MX = "mx.stall.test";
    private static final int WARM_UP = 4;
    private static final int MEASURED = 30;
    private static final Duration ONE_DELAYED_ACK = Duration.ofMillis(40);

    private TestDnsServer dns;
    private PostfixServer postfix;
    private DomainDeliverer deliverer;

    @BeforeEach
    void start() {
        assumeTrue(PostfixServer.unavailableReason().isEmpty(), () -> PostfixServer.unavailableReason().get());
        TestCa ca = TestCa.create();
        postfix = PostfixServer.start("127.0.0.71", 0, MX, DOMAIN.asciiName(), ca.leaf(MX));
        dns = TestDnsServer.start();
        dns.mx(DOMAIN.asciiName(), 300, 10, MX).a(MX, 300, "127.0.0.71");
        Clock clock = Clock.systemUTC();
        SmtpAttempt smtp = new SmtpAttempt(
                new SmtpSettings("sender.test", postfix.port(), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                PkixSessionTrust.factory(new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"),
                        clock)),
                clock); // no session reuse: every delivery is a fresh session, handshake and data phase included
        deliverer = new DomainDeliverer(new DnsJavaResolver(
                ResolverSettings.builder().server(dns.hostPort()).timeout(Duration.ofSeconds(5)).build()), smtp, clock,
                RoundLimits.defaults().withAllowLoopbackMx(true)); // the test's Postfix listens on 127.0.0.71
    }

    @AfterEach
    void stop() {
        if (postfix != null) {
            postfix.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void shouldDeliverEachMailWithoutWaitingOnTheReceiversDelayedAck() throws Exception {
        PolicyLookup enforce = PolicyLookup.policy(new CachedPolicy(DOMAIN, "id1",
                new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse(MX).value()), 86400,
                        List.of("version: STSv1", "mode: enforce", "mx: " + MX, "max_age: 86400")),
                Instant.now()));
        MimeMessage message = tenKilobyteMessage();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long start = System.nanoTime();
            DomainDelivery round = deliverer.deliver(DOMAIN, enforce,
                    new Envelope("alice@sender.test", List.of("bob" + i + "@stall.test")), message);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertThat(round.recipients(Status.DELIVERED)).as("delivery %d: %s", i, round.recipients()).hasSize(1);
            assertThat(round.attempts().get(0).tls().get().validated()).isTrue();
            if (i >= WARM_UP) {
                millis.add(elapsed);
            }
        }
        assertThat(postfix.awaitDelivered(WARM_UP + MEASURED, Duration.ofSeconds(20))).isEqualTo(WARM_UP + MEASURED);

        Collections.sort(millis);
        assertThat(millis.get(0))
                .as("fastest of %d deliveries to a real Postfix (all, sorted, ms: %s); one delayed-ACK stall costs"
                        + " %d ms", MEASURED, millis, ONE_DELAYED_ACK.toMillis())
                .isLessThan(ONE_DELAYED_ACK.toMillis());
    }

    private static MimeMessage tenKilobyteMessage() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int line = 0; body.length() < 10_000; line++) {
            body.append("line ").append(line).append(": the quick brown fox jumps over the lazy dog 0123456789\r\n");
        }
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("stall test");
        message.setText(body.toString());
        message.saveChanges();
        return message;
    }
}
