package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

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

    @Test
    void shouldDeferWhenTheMxOffersNoStartTls() throws Exception {
        TestSmtpSink mx = world.mx("plain.test", 10, "mx1.plain.test", MxKind.NO_STARTTLS);
        world.publishPolicy("plain.test", "id1", policy("enforce", "mx1.plain.test"));

        mail.send(SENDER, "scenario 2", "bob@plain.test");

        assertThat(awaitEnforceFailure("mx1.plain.test")).contains("result=starttls-not-supported");
        assertThat(queueSize()).isPositive();
        assertThat(mx.messages()).isEmpty();
    }

    @Test
    void shouldDeferWhenTheCertificateIsSelfSigned() throws Exception {
        TestSmtpSink mx = world.mx("selfsigned.test", 10, "mx1.selfsigned.test", MxKind.SELF_SIGNED);
        world.publishPolicy("selfsigned.test", "id1", policy("enforce", "mx1.selfsigned.test"));

        mail.send(SENDER, "scenario 3", "bob@selfsigned.test");

        assertThat(awaitEnforceFailure("mx1.selfsigned.test")).contains("result=certificate-not-trusted")
            .contains("self-signed");
        assertThat(queueSize()).isPositive();
        assertThat(mx.messages()).isEmpty();
    }

    @Test
    void shouldDeferWhenTheCertificateExpired() throws Exception {
        TestSmtpSink mx = world.mx("expired.test", 10, "mx1.expired.test", MxKind.EXPIRED);
        world.publishPolicy("expired.test", "id1", policy("enforce", "mx1.expired.test"));

        mail.send(SENDER, "scenario 4", "bob@expired.test");

        assertThat(awaitEnforceFailure("mx1.expired.test")).contains("result=certificate-expired").contains("expired");
        assertThat(queueSize()).isPositive();
        assertThat(mx.messages()).isEmpty();
    }

    @Test
    void shouldDeferWhenTheCertificateIsForAnotherName() throws Exception {
        TestSmtpSink mx = world.mx("mismatch.test", 10, "mx1.mismatch.test", MxKind.WRONG_NAME);
        world.publishPolicy("mismatch.test", "id1", policy("enforce", "mx1.mismatch.test"));

        mail.send(SENDER, "scenario 5", "bob@mismatch.test");

        assertThat(awaitEnforceFailure("mx1.mismatch.test")).contains("result=certificate-host-mismatch");
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
