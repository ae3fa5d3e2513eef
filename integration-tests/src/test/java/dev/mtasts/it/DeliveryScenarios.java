package dev.mtasts.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/**
 * Shared set-up of the delivery scenarios: one James from conf-samples per test class, pointed at an
 * {@link MtaStsWorld}, with short retry delays. Each scenario uses its own recipient domains, so the
 * policy cache of one never answers for another. The sender's domain has a plain good MX that receives the
 * bounces.
 */
abstract class DeliveryScenarios {
    static final String SENDER = "alice@sender.test";
    static final String QUEUE = "mta-sts-outgoing";

    @TempDir
    static Path directory;

    static MtaStsWorld world;
    static JamesServerHarness james;
    static WebAdminClient webAdmin;
    static MailSender mail;
    static TestSmtpSink senderMx;

    /** {@code delayTime} and {@code maxRetries} of the James under test, and the class's {@link JamesSettings}. */
    private static void startJames(String delayTime, int maxRetries, JamesSettings settings) throws Exception {
        world = new MtaStsWorld(directory);
        senderMx = world.mx("sender.test", 10, "mx.sender.test", MxKind.GOOD);
        JamesServerHarness.Builder builder = world.configure(JamesServerHarness.in(directory.resolve("james")));
        if (settings != null) {
            for (String setting : settings.mtaSts()) {
                String[] keyValue = setting.split("=", 2);
                builder.mtaStsProperty(keyValue[0], keyValue[1]);
            }
            for (String setting : settings.mailet()) {
                String[] nameValue = setting.split("=", 2);
                builder.edit(d -> d.replaceOnce("mailetcontainer.xml", "<outgoing>mta-sts-outgoing</outgoing>",
                    "<outgoing>mta-sts-outgoing</outgoing>\n        <" + nameValue[0] + ">" + nameValue[1] + "</"
                        + nameValue[0] + ">"));
            }
        }
        james = builder
            .edit(d -> d.replaceOnce("mailetcontainer.xml", "<delayTime>[^<]*</delayTime>",
                "<delayTime>" + delayTime + "</delayTime>"))
            .edit(d -> d.replaceOnce("mailetcontainer.xml", "<maxRetries>[^<]*</maxRetries>",
                "<maxRetries>" + maxRetries + "</maxRetries>"))
            .start();
        webAdmin = new WebAdminClient(james.webAdminPort());
        mail = new MailSender(james.smtpPort());
    }

    @BeforeAll
    static void startJamesInTheWorld(TestInfo test) throws Exception {
        startJames("2s", 3, test.getTestClass().map(c -> c.getAnnotation(JamesSettings.class)).orElse(null));
    }

    @AfterAll
    static void stopAll() {
        if (james != null) {
            james.close();
            james = null;
        }
        if (world != null) {
            world.close();
        }
    }

    static List<ReceivedMessage> awaitMessages(TestSmtpSink sink, String subject) throws Exception {
        return Eventually.await("a message '" + subject + "' at " + sink.address(),
            () -> withSubject(sink, subject), messages -> !messages.isEmpty());
    }

    static List<ReceivedMessage> withSubject(TestSmtpSink sink, String subject) {
        return sink.messages().stream().filter(m -> m.content().contains("Subject: " + subject))
            .collect(Collectors.toList());
    }

    /** Waits for the DSN that tells the sender about {@code recipient}, at the sender domain's MX. */
    static ReceivedMessage awaitBounce(String recipient) throws Exception {
        return Eventually.await("a bounce for " + recipient + " at the sender's MX",
            () -> senderMx.messages().stream()
                .filter(m -> m.content().contains("Subject: Undelivered Mail Returned to Sender"))
                .filter(m -> m.content().contains("Final-Recipient: rfc822; " + recipient)).findFirst(),
            java.util.Optional::isPresent).get();
    }

    /**
     * Waits for a log line holding every fragment: the sink has the message before the mailet hears the
     * server's reply and logs, so a log line is awaited, never read right after the message arrives.
     */
    static String awaitLogLine(String... fragments) throws Exception {
        return Eventually.await("a log line with " + String.join(", ", fragments),
            () -> james.logLines().stream().filter(l -> Stream.of(fragments).allMatch(l::contains)).findFirst()
                .orElse(""),
            line -> !line.isEmpty());
    }

    /** Waits for the plugin's WARN line about an enforce failure at {@code mx}; returns it. */
    static String awaitEnforceFailure(String mx) throws Exception {
        return Eventually.await("an enforce failure logged for " + mx,
            () -> james.logLines().stream().filter(l -> l.startsWith("WARN") && l.contains("MTA-STS enforce failure")
                && l.contains("mx=" + mx + " ")).findFirst().orElse(""),
            line -> !line.isEmpty());
    }

    /**
     * How many mails wait in the plugin's outgoing queue, as WebAdmin says. Not the list of mails: in James
     * 3.8.1, GET /mailQueues/{name}/mails closes a memory queue once too often and stops its consumer.
     */
    static int queueSize() throws IOException, InterruptedException {
        HttpResponse<String> response = webAdmin.get("/mailQueues/" + QUEUE);
        if (response.statusCode() != 200) {
            throw new IOException("GET /mailQueues/" + QUEUE + " answered " + response.statusCode());
        }
        Matcher size = Pattern.compile("\"size\"\\s*:\\s*(\\d+)").matcher(response.body());
        if (!size.find()) {
            throw new IOException("no size in " + response.body());
        }
        return Integer.parseInt(size.group(1));
    }

    /** Today's failure-log lines written by the plugin's TLS-RPT recorder. */
    static List<String> failureLog() throws IOException {
        Path file = james.workingDirectory().resolve("var/mta-sts/tlsrpt/failures-"
            + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.collect(Collectors.toList());
        }
    }

    static String awaitFailureLogLine(String... fragments) throws Exception {
        return Eventually.await("a failure-log line with " + String.join(", ", fragments),
            () -> failureLog().stream().filter(l -> Stream.of(fragments).allMatch(l::contains)).findFirst().orElse(""),
            line -> !line.isEmpty());
    }
}
