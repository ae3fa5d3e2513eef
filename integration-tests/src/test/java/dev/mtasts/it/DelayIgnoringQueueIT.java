package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/**
 * Retries on a mail queue that ignores enqueue delays, as the distributed server's RabbitMQ queue does in
 * James 3.8.1 (here James's memory queue wrapped to ignore them, {@link DelayIgnoringQueues}). The deferred
 * mail comes straight back from the queue, is parked in the plugin's deferred repository, and is tried again
 * only when {@code delayTime} says; the DSN comes after the last attempt.
 */
class DelayIgnoringQueueIT {
    private static final String SENDER = "alice@sender.test";
    private static final long DELAY_MILLIS = 3000;

    @TempDir
    static Path directory;

    static MtaStsWorld world;
    static JamesServerHarness james;
    static TestSmtpSink senderMx;

    @BeforeAll
    static void start() throws Exception {
        world = new MtaStsWorld(directory);
        senderMx = world.mx("sender.test", 10, "mx.sender.test", MxKind.GOOD);
        james = world.configure(JamesServerHarness.in(directory.resolve("james")))
            .edit(d -> d.replaceOnce("mailetcontainer.xml", "<delayTime>[^<]*</delayTime>",
                "<delayTime>" + DELAY_MILLIS + "ms</delayTime>"))
            .edit(d -> d.replaceOnce("mailetcontainer.xml", "<maxRetries>[^<]*</maxRetries>",
                "<maxRetries>2</maxRetries>"))
            .override(DelayIgnoringQueues.module())
            .start();
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void shouldSpaceTheAttemptsAsDelayTimeSaysAndBounceAfterTheLastOne() throws Exception {
        TestSmtpSink plain = world.mx("slowretry.test", 10, "mx1.slowretry.test", MxKind.NO_STARTTLS);
        world.publishPolicy("slowretry.test", "id1", policy("enforce", "mx1.slowretry.test"));
        long sent = System.nanoTime();
        new MailSender(james.smtpPort()).send(SENDER, "spaced retries", "bob@slowretry.test");

        // Watch the MX: one connection per attempt (the plugin quits when STARTTLS is missing under enforce).
        List<Long> attempts = new ArrayList<>();
        ReceivedMessage bounce = null;
        long deadline = sent + 60_000_000_000L;
        while (bounce == null && System.nanoTime() < deadline) {
            int connections = plain.connectionCount();
            while (attempts.size() < connections) {
                attempts.add((System.nanoTime() - sent) / 1_000_000);
            }
            bounce = senderMx.messages().stream()
                .filter(m -> m.content().contains("Final-Recipient: rfc822; bob@slowretry.test")).findFirst()
                .orElse(null);
            Thread.sleep(50);
        }
        long bouncedAt = (System.nanoTime() - sent) / 1_000_000;

        assertThat(bounce).as("a DSN after the last attempt").isNotNull();
        assertThat(james.logLines()).as("the queue did ignore the delay")
            .anySatisfy(line -> assertThat(line).contains("Ignored delay upon enqueue of"));
        assertThat(attempts).as("first attempt and maxRetries=2 retries, at ms after sending").hasSize(3);
        assertThat(attempts.get(1) - attempts.get(0)).isGreaterThanOrEqualTo(DELAY_MILLIS - 100);
        assertThat(attempts.get(2) - attempts.get(1)).isGreaterThanOrEqualTo(DELAY_MILLIS - 100);
        assertThat(bouncedAt).isGreaterThanOrEqualTo(attempts.get(2));
        assertThat(bounce.content()).contains("Action: failed").contains("mx1.slowretry.test");
    }
}
