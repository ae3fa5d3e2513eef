package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.https.SilentTcpServer;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/**
 * Issue 8, a hostile world, on James from conf-samples with the plugin's defaults ({@code deliveryThreads} 8,
 * {@code maxThreadsPerDomain} 2, {@code tls.required.header=honour}, {@code discovery.failure=deliver}): an MX
 * that accepts TCP and never answers cannot hold up mail to other domains; a sender's
 * {@code TLS-Required: No} waives enforce, loudly; a TXT lookup that fails on first contact is logged and
 * recorded. The mailet's SMTP {@code timeout} is 20 s, so the stalled sessions outlast each test.
 */
@JamesSettings(mailet = {"timeout=20000", "connectiontimeout=5000"})
class HostileWorldIT extends DeliveryScenarios {
    private static SilentTcpServer silentMx;

    @AfterAll
    static void stopTheSilentMx() {
        if (silentMx != null) {
            silentMx.close();
        }
    }

    @Test
    void shouldDeliverToAHealthyDomainWithinSecondsWhileADozenMailsWaitForAnMxThatNeverAnswers() throws Exception {
        String address = world.nextAddress();
        silentMx = SilentTcpServer.start(InetAddress.getByName(address), world.smtpPort());
        world.dns().mx("hostile.test", 0, 10, "mx.hostile.test").a("mx.hostile.test", 0, address);
        TestSmtpSink healthy = world.mx("healthy.test", 10, "mx1.healthy.test", MxKind.GOOD);
        for (int i = 1; i <= 12; i++) {
            mail.send(SENDER, "hostile " + i, "bob@hostile.test");
        }
        Eventually.await("two stalled sessions at the hostile MX", silentMx::acceptedCount, count -> count == 2);

        Instant sent = Instant.now();
        mail.send(SENDER, "healthy after hostile", "carol@healthy.test");

        ReceivedMessage received = awaitMessages(healthy, "healthy after hostile").get(0);
        Duration took = Duration.between(sent, Instant.now());
        // Blocked behind the stalled sessions it would need at least the 20 s SMTP timeout.
        assertThat(took).as("time from submission to the healthy MX").isLessThan(Duration.ofSeconds(10));
        assertThat(received.recipients()).containsExactly("carol@healthy.test");
        assertThat(silentMx.acceptedCount()).as("maxThreadsPerDomain=2: no third session to the hostile MX")
            .isEqualTo(2);
        assertThat(Eventually.await("the hostile mails in the queue (2 in delivery, 10 held)",
            DeliveryScenarios::queueSize, size -> size == 12)).isEqualTo(12);
        assertThat(silentMx.acceptedCount()).isEqualTo(2);
        assertThat(james.logLines()).noneMatch(line -> line.contains("MTA-STS delivered")
            && line.contains("domain=hostile.test"));
    }

    @Test
    void shouldWaiveEnforceLoudlyWhenTheSenderWritesTlsRequiredNo() throws Exception {
        TestSmtpSink mx = world.mx("waiver.test", 10, "mx1.waiver.test", MxKind.SELF_SIGNED);
        world.publishPolicy("waiver.test", "id1", policy("enforce", "mx1.waiver.test"));

        mail.sendWithHeaders(SENDER, "waived", "TLS-Required: No\r\n", "bob@waiver.test");

        assertThat(awaitMessages(mx, "waived")).hasSize(1);
        String warning = awaitLogLine("MTA-STS policy waived", "domain=waiver.test");
        assertThat(warning).startsWith("WARN").contains("policy=enforce id=id1").contains("tls.required.header=ignore");
        assertThat(awaitLogLine("MTA-STS delivered", "domain=waiver.test"))
            .contains("policy=enforce(waived: TLS-Required: No) id=id1");
        assertThat(awaitFailureLogLine("\"domain\":\"waiver.test\"", "\"event\":\"tls-required-waived\""))
            .contains("\"policy-mode\":\"enforce\"").contains("\"action\":\"applied-as-testing\"")
            .contains("\"mail\":\"");
        assertThat(awaitFailureLogLine("\"domain\":\"waiver.test\"", "\"result\":\"certificate-not-trusted\""))
            .as("the TLS failure itself is still recorded").contains("\"outcome\":\"delivered\"");
    }

    @ParameterizedTest(name = "TXT {0}")
    @ValueSource(strings = {"servfail", "timeout"})
    void shouldDeliverAsWithoutPolicyAndSaySoWhenTheTxtLookupFailsOnFirstContact(String trouble) throws Exception {
        String domain = trouble + ".unknown.test";
        TestSmtpSink mx = world.mx(domain, 10, "mx1." + domain, MxKind.SELF_SIGNED);
        if (trouble.equals("servfail")) {
            world.dns().servfail("_mta-sts." + domain);
        } else {
            world.dns().drop("_mta-sts." + domain);
        }

        mail.send(SENDER, "policy unknown " + trouble, "bob@" + domain);

        assertThat(awaitMessages(mx, "policy unknown " + trouble)).hasSize(1);
        assertThat(awaitLogLine("MTA-STS policy unknown", "domain=" + domain)).startsWith("WARN")
            .contains("_mta-sts." + domain).contains("delivered as without a policy (discovery.failure=deliver)");
        assertThat(awaitLogLine("MTA-STS delivered", "domain=" + domain))
            .contains("policy=unknown(TXT lookup failed)");
        assertThat(awaitFailureLogLine("\"domain\":\"" + domain + "\"", "\"event\":\"discovery-failed\""))
            .contains("\"result\":\"sts-policy-fetch-error\"").contains("\"reason-code\":\"txt-lookup-failed\"")
            .contains("\"action\":\"delivered-without-policy\"");
    }
}
