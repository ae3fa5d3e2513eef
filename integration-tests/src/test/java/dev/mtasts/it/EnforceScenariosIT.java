package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/** Scenarios 1 to 8 of the delivery issue: mail to domains with an enforce policy. */
class EnforceScenariosIT extends DeliveryScenarios {
    @Test
    void shouldDeliverOverValidatedTlsWhenTheMxIsGood() throws Exception {
        TestSmtpSink mx = world.mx("good.test", 10, "mx1.good.test", MxKind.GOOD);
        world.publishPolicy("good.test", "id1", policy("enforce", "mx1.good.test"));

        mail.send(SENDER, "scenario 1", "bob@good.test");

        ReceivedMessage received = awaitMessages(mx, "scenario 1").get(0);
        assertThat(received.overTls()).isTrue();
        assertThat(received.tlsProtocol()).isIn("TLSv1.2", "TLSv1.3");
        assertThat(received.sniHostName()).isEqualTo("mx1.good.test");
        assertThat(received.recipients()).containsExactly("bob@good.test");
        assertThat(received.helo()).isEqualTo("localhost");
        assertThat(awaitLogLine("MTA-STS delivered", "domain=good.test")).startsWith("INFO")
            .contains("mx=mx1.good.test").contains("tls=TLSv1.").contains("policy=enforce id=id1");
    }

    /** Scenarios 2 to 5: an MX that fails the policy's TLS requirements gets nothing; the mail is deferred. */
    @ParameterizedTest(name = "scenario {0}: {1}")
    @CsvSource({
        "2, plain.test, NO_STARTTLS, starttls-not-supported, does not offer STARTTLS",
        "3, selfsigned.test, SELF_SIGNED, certificate-not-trusted, self-signed",
        "4, expired.test, EXPIRED, certificate-expired, expired on",
        "5, mismatch.test, WRONG_NAME, certificate-host-mismatch, not for mx1.mismatch.test",
    })
    void shouldDeferWhenTheMxFailsTheTlsRequirements(int scenario, String domain, MxKind kind, String result,
        String cause) throws Exception {
        TestSmtpSink mx = world.mx(domain, 10, "mx1." + domain, kind);
        world.publishPolicy(domain, "id1", policy("enforce", "mx1." + domain));

        mail.send(SENDER, "scenario " + scenario, "bob@" + domain);

        assertThat(awaitEnforceFailure("mx1." + domain)).contains("result=" + result).contains(cause);
        assertThat(awaitLogLine("MTA-STS deferred", "domain=" + domain)).contains("retry=1");
        assertThat(queueSize()).isPositive();
        assertThat(mx.messages()).isEmpty();
    }

    @Test
    void shouldNeverContactAnMxOutsideThePolicy() throws Exception {
        TestSmtpSink outside = world.mx("unlisted.test", 5, "mx.attacker.test", MxKind.GOOD);
        TestSmtpSink listed = world.mx("unlisted.test", 10, "mx1.unlisted.test", MxKind.GOOD);
        world.publishPolicy("unlisted.test", "id1", policy("enforce", "mx1.unlisted.test"));

        mail.send(SENDER, "scenario 6", "bob@unlisted.test");

        assertThat(awaitMessages(listed, "scenario 6")).hasSize(1);
        assertThat(outside.connectionCount()).isZero();
    }

    @Test
    void shouldMatchAWildcardOnOneLabelOnly() throws Exception {
        TestSmtpSink deep = world.mx("wild.test", 5, "a.b.wild.test", MxKind.GOOD);
        TestSmtpSink one = world.mx("wild.test", 10, "mx1.wild.test", MxKind.GOOD);
        world.publishPolicy("wild.test", "id1", policy("enforce", "*.wild.test"));

        mail.send(SENDER, "scenario 7", "bob@wild.test");

        assertThat(awaitMessages(one, "scenario 7").get(0).overTls()).isTrue();
        assertThat(deep.connectionCount()).isZero();
    }

    @Test
    void shouldDeliverThroughTheSecondMxWhenTheFirstIsBroken() throws Exception {
        TestSmtpSink broken = world.mx("fallback.test", 10, "mx1.fallback.test", MxKind.EXPIRED);
        TestSmtpSink good = world.mx("fallback.test", 20, "mx2.fallback.test", MxKind.GOOD);
        world.publishPolicy("fallback.test", "id1", policy("enforce", "*.fallback.test"));

        mail.send(SENDER, "scenario 8", "bob@fallback.test");

        List<ReceivedMessage> received = awaitMessages(good, "scenario 8");
        assertThat(received.get(0).sniHostName()).isEqualTo("mx2.fallback.test");
        assertThat(broken.messages()).isEmpty();
        assertThat(broken.connectionCount()).isPositive();
    }
}
