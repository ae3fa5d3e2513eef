package dev.mtasts.core.tlsrpt.send;

import static dev.mtasts.core.tlsrpt.ReportFixtures.DAY;
import static dev.mtasts.core.tlsrpt.ReportFixtures.DOMAIN;
import static dev.mtasts.core.tlsrpt.ReportFixtures.SUBMITTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.ReportFixtures;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportId;
import dev.mtasts.core.tlsrpt.TlsRptTxtParser;
import dev.mtasts.testkit.time.MutableClock;

class ReportMessageFactoryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    private final ReportSettings settings = ReportFixtures.settings();
    private final ReportPart part = new ReportSplitter(5_000_000).split(new Report(settings.organizationName(),
            settings.contactInfo(), "unused", DAY, DOMAIN, ReportFixtures.sampleDay(DOMAIN).policies()),
            new ReportId(DAY, DOMAIN, "f00d", SUBMITTER)).get(0);

    /** The message as it would travel: written to bytes and parsed again. */
    private MimeMessage sentAndReceived() throws Exception {
        RecordingMailer mailer = new RecordingMailer();
        DeliveryOutcome outcome = new MailtoReportSender(settings, new ReportMessageFactory(settings, clock), mailer)
                .send(TlsRptTxtParser.parseUri("mailto:tlsrpt@company-y.example").value(), ReportDocument.of(part));
        assertThat(outcome.isDelivered()).isTrue();
        RecordingMailer.Sent sent = mailer.sent().get(0);
        assertThat(sent.from).isEqualTo(new InternetAddress("tlsrpt@mail.sender.example"));
        assertThat(sent.recipients).containsExactly(new InternetAddress("tlsrpt@company-y.example"));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        sent.message.writeTo(wire);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(wire.toByteArray()));
    }

    @Test
    void shouldCarryTheRfc8460HeadersWhenTheReportIsMailed() throws Exception {
        MimeMessage message = sentAndReceived();
        String id = "2026-11-27.company-y.example.f00d@mail.sender.example";

        assertThat(message.getHeader("TLS-Report-Domain", null)).isEqualTo("company-y.example");
        assertThat(message.getHeader("TLS-Report-Submitter", null)).isEqualTo("mail.sender.example");
        assertThat(message.getSubject()).isEqualTo("Report Domain: company-y.example Submitter: mail.sender.example"
                + " Report-ID: <" + id + ">");
        assertThat(message.getMessageID()).isEqualTo("<" + id + ">");
        assertThat(message.getHeader("TLS-Required", null)).isEqualTo("No");
        assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(message.getFrom()).containsExactly(new InternetAddress("tlsrpt@mail.sender.example"));
        assertThat(message.getSentDate().toInstant()).isEqualTo(clock.instant());
    }

    @Test
    void shouldBeAMultipartReportOfTypeTlsrptWithTextThenGzipJson() throws Exception {
        MimeMessage message = sentAndReceived();
        ContentType type = new ContentType(message.getContentType());

        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("tlsrpt");
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        assertThat(multipart.getCount()).isEqualTo(2);
        BodyPart text = multipart.getBodyPart(0);
        assertThat(text.isMimeType("text/plain")).isTrue();
        assertThat((String) text.getContent()).contains("company-y.example").contains("2026-11-27");
        BodyPart report = multipart.getBodyPart(1);
        assertThat(new ContentType(report.getContentType()).getBaseType()).isEqualTo("application/tlsrpt+gzip");
        assertThat(report.getFileName()).isEqualTo(part.fileName().toString());
        assertThat(report.getDisposition()).isEqualTo(BodyPart.ATTACHMENT);
        try (InputStream in = report.getInputStream()) {
            JsonNode json = ReportFixtures.gunzipJson(in.readAllBytes());
            assertThat(json.get("report-id").asText()).isEqualTo("2026-11-27.company-y.example.f00d@mail.sender.example");
            assertThat(ReportFixtures.schemaErrors(json)).isEmpty();
        }
    }

    @Test
    void shouldFailWithTheMailerErrorWhenTheMailServerRefuses() {
        RecordingMailer mailer = new RecordingMailer().refuseNext(1);

        DeliveryOutcome outcome = new MailtoReportSender(settings, new ReportMessageFactory(settings, clock), mailer)
                .send(TlsRptTxtParser.parseUri("mailto:tlsrpt@company-y.example").value(), ReportDocument.of(part));

        assertThat(outcome.error()).get().asString().contains("spool full").contains("mailto:tlsrpt@company-y.example");
        assertThat(mailer.sent()).isEqualTo(List.of());
    }
}
