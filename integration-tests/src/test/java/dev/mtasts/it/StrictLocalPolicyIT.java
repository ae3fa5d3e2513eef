package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/**
 * Issue 8, the stricter local choices in mta-sts.properties: {@code tls.required.header=ignore} keeps enforce
 * whatever the sender writes, and {@code discovery.failure=defer} holds mail back while a domain's
 * {@code _mta-sts} TXT record cannot be read on first contact.
 */
@JamesSettings(mtaSts = {"tls.required.header=ignore", "discovery.failure=defer"})
class StrictLocalPolicyIT extends DeliveryScenarios {

    @Test
    void shouldKeepEnforceWhenTheSenderWritesTlsRequiredNoAndTheHeaderIsIgnored() throws Exception {
        TestSmtpSink mx = world.mx("nowaiver.test", 10, "mx1.nowaiver.test", MxKind.SELF_SIGNED);
        world.publishPolicy("nowaiver.test", "id1", policy("enforce", "mx1.nowaiver.test"));

        mail.sendWithHeaders(SENDER, "not waived", "TLS-Required: No\r\n", "bob@nowaiver.test");

        assertThat(awaitLogLine("MTA-STS ignored TLS-Required: No", "domain=nowaiver.test"))
            .contains("tls.required.header=ignore");
        assertThat(awaitEnforceFailure("mx1.nowaiver.test")).contains("result=certificate-not-trusted");
        assertThat(awaitLogLine("MTA-STS deferred", "domain=nowaiver.test", "retry=1")).isNotEmpty();
        assertThat(mx.messages()).isEmpty();
        assertThat(james.logLines()).noneMatch(line -> line.contains("MTA-STS policy waived"));
        assertThat(failureLog()).noneMatch(line -> line.contains("\"event\":\"tls-required-waived\""));
    }

    @Test
    void shouldDeferAndFinallyBounceWhileTheTxtRecordCannotBeReadOnFirstContact() throws Exception {
        TestSmtpSink mx = world.mx("flaky.test", 10, "mx1.flaky.test", MxKind.SELF_SIGNED);
        world.servePolicy("flaky.test", dev.mtasts.testkit.https.TestResponse.policy(
            policy("enforce", "mx1.flaky.test")));
        world.dns().servfail("_mta-sts.flaky.test");

        mail.send(SENDER, "policy unknown, deferred", "bob@flaky.test");

        assertThat(awaitLogLine("MTA-STS policy unknown", "domain=flaky.test")).startsWith("WARN")
            .contains("deferred (discovery.failure=defer)");
        assertThat(awaitFailureLogLine("\"domain\":\"flaky.test\"", "\"event\":\"discovery-failed\""))
            .contains("\"action\":\"deferred\"");
        assertThat(awaitLogLine("MTA-STS deferred", "domain=flaky.test", "retry=1"))
            .contains("discovery.failure=defer");
        ReceivedMessage bounce = awaitBounce("bob@flaky.test");
        assertThat(bounce.content()).contains("Status: 4.4.3").contains("_mta-sts.flaky.test");
        assertThat(mx.connectionCount()).as("nothing sent while the policy was unknown").isZero();
    }
}
