package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/**
 * Scenarios 13 to 16 of the delivery issue: the cached policy outlives its TXT record and policy host,
 * deferred mail goes out once the MX is fixed, the bounce after the last retry (and the fresh policy check
 * before it), and a policy that changes between retries.
 */
class RetryScenariosIT extends DeliveryScenarios {
    @Test
    void shouldKeepEnforcingACachedPolicyWhenItsTxtRecordAndHostAreGone() throws Exception {
        TestSmtpSink listed = world.mx("sticky.test", 10, "mx1.sticky.test", MxKind.GOOD);
        world.publishPolicy("sticky.test", "id1", policy("enforce", "mx1.sticky.test"));
        mail.send(SENDER, "scenario 13 first", "bob@sticky.test");
        awaitMessages(listed, "scenario 13 first");

        world.dns().remove("_mta-sts.sticky.test");
        world.policyHostDown("sticky.test");
        world.dns().remove("sticky.test", Type.MX);
        TestSmtpSink attacker = world.mx("sticky.test", 10, "mx.attacker-sticky.test", MxKind.GOOD);
        mail.send(SENDER, "scenario 13 second", "bob@sticky.test");

        ReceivedMessage bounce = awaitBounce("bob@sticky.test");
        assertThat(bounce.content()).contains("mx.attacker-sticky.test is not allowed by the MTA-STS policy")
            .contains("Status: 4.7.5");
        assertThat(attacker.connectionCount()).isZero();
        assertThat(world.dns().queryCount("_mta-sts.sticky.test", Type.TXT)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldDeliverOnALaterRetryOnceTheMxIsFixed() throws Exception {
        world.mx("mend.test", 10, "mx1.mend.test", MxKind.NO_STARTTLS);
        world.publishPolicy("mend.test", "id1", policy("enforce", "mx1.mend.test"));
        mail.send(SENDER, "scenario 14", "bob@mend.test");
        awaitEnforceFailure("mx1.mend.test");

        TestSmtpSink fixed = world.replaceMx("mx1.mend.test", MxKind.GOOD);

        ReceivedMessage received = awaitMessages(fixed, "scenario 14").get(0);
        assertThat(received.overTls()).isTrue();
        assertThat(james.logLines()).anySatisfy(line -> assertThat(line).contains("MTA-STS deferred")
            .contains("domain=mend.test").contains("retry=1"));
    }

    @Test
    void shouldBounceWithADsnNamingTheCauseAfterTheLastRetryAndAFreshPolicyCheck() throws Exception {
        TestSmtpSink expired = world.mx("doomed.test", 10, "mx1.doomed.test", MxKind.EXPIRED);
        world.publishPolicy("doomed.test", "id1", policy("enforce", "mx1.doomed.test"));
        mail.send(SENDER, "scenario 15", "bob@doomed.test");
        awaitEnforceFailure("mx1.doomed.test");
        int txtQueriesAfterFirstAttempt = world.dns().queryCount("_mta-sts.doomed.test", Type.TXT);

        ReceivedMessage bounce = awaitBounce("bob@doomed.test");

        assertThat(bounce.content())
            .contains("multipart/report", "report-type=delivery-status")
            .contains("Final-Recipient: rfc822; bob@doomed.test")
            .contains("Action: failed")
            .contains("Status: 4.7.5")
            .contains("publishes an MTA-STS policy in enforce mode")
            .contains("mx1.doomed.test")
            .contains("expired")
            .contains("Subject: scenario 15");
        assertThat(bounce.recipients()).containsExactly(SENDER);
        assertThat(world.dns().queryCount("_mta-sts.doomed.test", Type.TXT))
            .as("the TXT record is queried again before giving up (RFC 8461 §5.1)")
            .isGreaterThan(txtQueriesAfterFirstAttempt);
        assertThat(expired.messages()).isEmpty();
    }

    @Test
    void shouldDeliverWhenThePolicyChangesBetweenRetriesToAllowTheMx() throws Exception {
        TestSmtpSink mx2 = world.mx("rotate.test", 10, "mx2.rotate.test", MxKind.GOOD);
        world.publishPolicy("rotate.test", "id1", policy("enforce", "mx1.rotate.test"));
        mail.send(SENDER, "scenario 16", "bob@rotate.test");
        awaitEnforceFailure("mx2.rotate.test");

        world.publishPolicy("rotate.test", "id2", policy("enforce", "mx1.rotate.test", "mx2.rotate.test"));

        ReceivedMessage received = awaitMessages(mx2, "scenario 16").get(0);
        assertThat(received.overTls()).isTrue();
        assertThat(awaitLogLine("MTA-STS delivered", "domain=rotate.test")).contains("policy=enforce id=id2");
    }
}
