package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import javax.mail.BodyPart;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/**
 * End to end: a day's deliveries to a domain with a TLSRPT record become, after UTC midnight, an RFC 8460
 * report mail at that domain's rua, sent through James. James's clock is moved to the next morning.
 */
class TlsRptReportIT {
    private static final String SENDER = "alice@sender.test";

    @TempDir
    static Path directory;

    private static MtaStsWorld world;
    private static JamesServerHarness james;
    private static final SettableClock CLOCK = new SettableClock();

    @BeforeAll
    static void start() throws Exception {
        world = new MtaStsWorld(directory);
        world.mx("sender.test", 10, "mx.sender.test", MxKind.GOOD);
        james = world.configure(JamesServerHarness.in(directory.resolve("james")))
            .clock(CLOCK)
            .mtaStsProperty("tlsrpt.send", "true")
            .mtaStsProperty("tlsrpt.contact", "tlsrpt@james.sender.test")
            .mtaStsProperty("tlsrpt.organization", "Sender Test Mail")
            .mtaStsProperty("tlsrpt.delay.max", "0s")
            .mtaStsProperty("tlsrpt.poll.interval", "1s")
            .start();
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        world.close();
    }

    @Test
    void shouldSendYesterdaysReportToTheRuaAfterMidnight() throws Exception {
        TestSmtpSink expired = world.mx("reports.test", 5, "mx0.reports.test", MxKind.EXPIRED);
        TestSmtpSink good = world.mx("reports.test", 10, "mx1.reports.test", MxKind.GOOD);
        world.publishPolicy("reports.test", "id1", policy("enforce", "*.reports.test"));
        world.dns().txt("_smtp._tls.reports.test", 300, "v=TLSRPTv1; rua=mailto:tlsrpt@rua.test");
        TestSmtpSink rua = world.mx("rua.test", 10, "mx.rua.test", MxKind.GOOD);
        MailSender mail = new MailSender(james.smtpPort());
        for (int i = 1; i <= 3; i++) {
            mail.send(SENDER, "report day mail " + i, "bob@reports.test");
        }
        Eventually.await("three mails at mx1.reports.test", good::messages, messages -> messages.size() == 3);
        LocalDate day = LocalDate.now(ZoneOffset.UTC);

        CLOCK.jumpTo(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(5));

        ReceivedMessage report = Eventually.await("the TLS report at the rua's MX", rua::messages, m -> !m.isEmpty())
            .get(0);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(report.content().getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(report.recipients()).containsExactly("tlsrpt@rua.test");
        assertThat(message.getHeader("TLS-Report-Domain", null)).isEqualTo("reports.test");
        assertThat(message.getHeader("TLS-Report-Submitter", null)).isEqualTo("james.sender.test");
        assertThat(message.getSubject()).startsWith("Report Domain: reports.test Submitter: james.sender.test Report-ID: <");
        ContentType type = new ContentType(message.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("tlsrpt");
        JsonNode json = gzipJson((MimeMultipart) message.getContent());
        assertThat(json.get("organization-name").asText()).isEqualTo("Sender Test Mail");
        assertThat(json.get("date-range").get("start-datetime").asText()).isEqualTo(day + "T00:00:00Z");
        assertThat(json.get("date-range").get("end-datetime").asText()).isEqualTo(day + "T23:59:59Z");
        JsonNode policy = json.get("policies").get(0);
        assertThat(policy.get("policy").get("policy-type").asText()).isEqualTo("sts");
        assertThat(policy.get("policy").get("policy-domain").asText()).isEqualTo("reports.test");
        assertThat(policy.get("policy").get("mx-host").get(0).asText()).isEqualTo("*.reports.test");
        assertThat(policy.get("policy").get("policy-string").toString()).contains("mode: enforce");
        // RFC 8460 counts sessions, not mails: a reused session carried several of the three mails.
        assertThat(policy.get("summary").get("total-successful-session-count").asLong())
            .isEqualTo(good.connectionCount()).isBetween(1L, 3L);
        assertThat(policy.get("summary").get("total-failure-session-count").asLong()).isEqualTo(3);
        JsonNode detail = policy.get("failure-details").get(0);
        assertThat(detail.get("result-type").asText()).isEqualTo("certificate-expired");
        assertThat(detail.get("receiving-mx-hostname").asText()).isEqualTo("mx0.reports.test");
        assertThat(detail.get("receiving-ip").asText()).isEqualTo(expired.address().getAddress().getHostAddress());
        assertThat(detail.get("failed-session-count").asLong()).isEqualTo(3);
        try (Stream<Path> files = Files.list(james.workingDirectory().resolve("var/mta-sts/tlsrpt/reports"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.startsWith("james.sender.test!reports.test!") && name.endsWith(".json.gz"));
        }
        keepSamples(json, day);
    }

    /** Leaves the report and the day's failure log in target/samples/ for people to read (docs, reviews). */
    private static void keepSamples(JsonNode report, LocalDate day) throws Exception {
        Path samples = Files.createDirectories(Path.of("target", "samples"));
        Files.writeString(samples.resolve("tlsrpt-report-reports.test.json"), report.toPrettyString());
        Path failureLog = james.workingDirectory().resolve("var/mta-sts/tlsrpt/failures-" + day + ".jsonl");
        if (Files.exists(failureLog)) {
            Files.copy(failureLog, samples.resolve("failures-sample.jsonl"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static JsonNode gzipJson(MimeMultipart report) throws Exception {
        for (int i = 0; i < report.getCount(); i++) {
            BodyPart part = report.getBodyPart(i);
            if (part.isMimeType("application/tlsrpt+gzip")) {
                try (InputStream in = new GZIPInputStream(part.getInputStream())) {
                    return new ObjectMapper().readTree(in);
                }
            }
        }
        throw new AssertionError("no application/tlsrpt+gzip part");
    }
}
