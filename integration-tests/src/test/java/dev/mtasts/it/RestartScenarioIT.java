package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/** Scenario 17 of the delivery issue: the policy cache survives a restart of James. */
class RestartScenarioIT extends DeliveryScenarios {
    @Test
    void shouldStillEnforceACachedPolicyAfterARestartWithThePolicyHostDown() throws Exception {
        TestSmtpSink listed = world.mx("restart.test", 10, "mx1.restart.test", MxKind.GOOD);
        world.publishPolicy("restart.test", "id1", policy("enforce", "mx1.restart.test"));
        mail.send(SENDER, "scenario 17 first", "bob@restart.test");
        awaitMessages(listed, "scenario 17 first");

        james.restart();
        world.policyHostDown("restart.test");
        world.dns().remove("restart.test", Type.MX);
        TestSmtpSink attacker = world.mx("restart.test", 10, "mx.attacker-restart.test", MxKind.GOOD);
        mail = new MailSender(james.smtpPort());
        mail.send(SENDER, "scenario 17 second", "bob@restart.test");

        assertThat(awaitEnforceFailure("mx.attacker-restart.test")).contains("result=validation-failure");
        assertThat(attacker.connectionCount()).isZero();
        assertThat(james.workingDirectory().resolve("var/mta-sts/policies")).isDirectoryContaining("glob:**restart.test*");
    }
}
