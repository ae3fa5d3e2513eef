package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/** Scenarios 9 to 12 of the delivery issue: testing mode, broken policy hosts, no policy, mode none. */
class FallbackScenariosIT extends DeliveryScenarios {
    @Test
    void shouldDeliverInTestingModeDespiteBrokenTlsAndRecordTheFailure() throws Exception {
        TestSmtpSink mx = world.mx("trial.test", 10, "mx1.trial.test", MxKind.SELF_SIGNED);
        world.publishPolicy("trial.test", "id1", policy("testing", "mx1.trial.test"));

        mail.send(SENDER, "scenario 9", "bob@trial.test");

        ReceivedMessage received = awaitMessages(mx, "scenario 9").get(0);
        assertThat(received.overTls()).isTrue();
        assertThat(awaitFailureLogLine("\"domain\":\"trial.test\"", "\"result\":\"certificate-not-trusted\""))
            .contains("\"mx\":\"mx1.trial.test\"").contains("\"policy-mode\":\"testing\"")
            .contains("\"outcome\":\"delivered\"");
    }

    static Stream<Arguments> brokenPolicyHosts() {
        return Stream.of(
            Arguments.of("notfound", TestResponse.status(404), "\"result\":\"sts-policy-fetch-error\"", "http-status-404"),
            Arguments.of("moved", TestResponse.redirect(301, "https://elsewhere.test/policy.txt"),
                "\"result\":\"sts-policy-fetch-error\"", "http-redirect-301"),
            Arguments.of("html", TestResponse.ok("text/html", "<html>hi</html>".getBytes()),
                "\"result\":\"sts-policy-fetch-error\"", "wrong-content-type"),
            Arguments.of("huge", TestResponse.largeBody(65 * 1024 + 1), "\"result\":\"sts-policy-fetch-error\"",
                "body-too-large"));
    }

    @ParameterizedTest(name = "policy host {0}")
    @MethodSource("brokenPolicyHosts")
    void shouldDeliverAsWithoutPolicyWhenThePolicyHostIsBroken(String label, TestResponse response, String result,
            String code) throws Exception {
        String domain = label + ".broken.test";
        TestSmtpSink mx = world.mx(domain, 10, "mx1." + domain, MxKind.SELF_SIGNED);
        world.publishTxt(domain, "id1");
        world.servePolicy(domain, response);

        mail.send(SENDER, "scenario 10 " + label, "bob@" + domain);

        assertThat(awaitMessages(mx, "scenario 10 " + label).get(0).overTls()).isTrue();
        assertThat(awaitFailureLogLine("\"domain\":\"" + domain + "\"", result)).contains(code)
            .contains("\"event\":\"policy-fetch\"");
    }

    @Test
    void shouldDeliverAsWithoutPolicyWhenThePolicyHostCertificateIsBad() throws Exception {
        String domain = "badcert.broken.test";
        TestSmtpSink mx = world.mx(domain, 10, "mx1." + domain, MxKind.GOOD);
        world.publishTxt(domain, "id1");
        world.servePolicyWithCertificate(domain, world.ca().expiredLeaf("mta-sts." + domain),
            TestResponse.policy(policy("enforce", "mx1." + domain)));

        mail.send(SENDER, "scenario 10 badcert", "bob@" + domain);

        assertThat(awaitMessages(mx, "scenario 10 badcert")).hasSize(1);
        assertThat(awaitFailureLogLine("\"domain\":\"" + domain + "\"", "\"result\":\"sts-webpki-invalid\""))
            .contains("certificate-expired");
    }

    @Test
    void shouldUseOpportunisticTlsWhenTheDomainHasNoPolicy() throws Exception {
        TestSmtpSink mx = world.mx("nopolicy.test", 10, "mx1.nopolicy.test", MxKind.SELF_SIGNED);

        mail.send(SENDER, "scenario 11", "bob@nopolicy.test");

        ReceivedMessage received = awaitMessages(mx, "scenario 11").get(0);
        assertThat(received.overTls()).isTrue();
        assertThat(received.sniHostName()).isEqualTo("mx1.nopolicy.test");
    }

    @Test
    void shouldDeliverAsWithoutPolicyWhenTheModeIsNone() throws Exception {
        TestSmtpSink unlisted = world.mx("none.test", 10, "mx.elsewhere.test", MxKind.NO_STARTTLS);
        world.publishPolicy("none.test", "id1", "version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n");

        mail.send(SENDER, "scenario 12", "bob@none.test");

        ReceivedMessage received = awaitMessages(unlisted, "scenario 12").get(0);
        assertThat(received.overTls()).isFalse();
        assertThat(awaitLogLine("MTA-STS delivered", "domain=none.test")).contains("policy=none");
    }
}
