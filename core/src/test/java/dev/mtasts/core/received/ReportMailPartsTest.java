package dev.mtasts.core.received;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import javax.activation.DataHandler;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.Parsed;

class ReportMailPartsTest {
    private final ReportMailParts parts = new ReportMailParts(ReceivedLimits.DEFAULTS);

    /** A mail as RFC 8460 §5.3 describes it: multipart/report, a human part, then the report part. */
    static MimeMessage reportMail(String reportType, byte[] report, String fileName) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("Report Domain: ours.test Submitter: mailbox.example Report-ID: <r1@mailbox.example>");
        MimeMultipart multipart = new MimeMultipart("report; report-type=tlsrpt");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("This is an aggregate TLS report from mailbox.example");
        multipart.addBodyPart(human);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(report, reportType)));
        if (fileName != null) {
            attachment.setFileName(fileName);
        }
        multipart.addBodyPart(attachment);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    @Test
    void shouldFindTheGzippedReportOfAnRfc8460Mail() throws Exception {
        byte[] gzip = ReceivedSamples.gzip(ReceivedSamples.MAILBOX_PROVIDER);
        MimeMessage mail = reportMail("application/tlsrpt+gzip", gzip, "mailbox.example!ours.test!1!2.json.gz");

        assertThat(parts.isReportMail(mail)).isTrue();
        Parsed<List<byte[]>> found = parts.attachments(mail);
        assertThat(found.value()).hasSize(1);
        assertThat(found.value().get(0)).isEqualTo(gzip);
    }

    @Test
    void shouldTakeATextPlainPartNamedJsonButNotTheHumanPart() throws Exception {
        byte[] json = ReceivedSamples.utf8(ReceivedSamples.OFFICE_SUITE);
        MimeMessage mail = reportMail("text/plain", json, "report.json");

        Parsed<List<byte[]>> found = parts.attachments(mail);

        assertThat(found.value()).hasSize(1);
        assertThat(new ReceivedReportParser(ReceivedLimits.DEFAULTS).parse(found.value().get(0)).isValid()).isTrue();
    }

    @Test
    void shouldRecogniseAReportPartInAMailWithoutTheReportType() throws Exception {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(
            ReceivedSamples.utf8(ReceivedSamples.OFFICE_SUITE), "application/tlsrpt+json")));
        mixed.addBodyPart(attachment);
        mail.setContent(mixed);
        mail.saveChanges();

        assertThat(parts.isReportMail(mail)).isTrue();
        assertThat(parts.attachments(mail).value()).hasSize(1);
    }

    @Test
    void shouldNotTakeAnOrdinaryMailForAReport() throws Exception {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
        mail.setText("Lunch tomorrow?");
        mail.saveChanges();

        assertThat(parts.isReportMail(mail)).isFalse();
        assertThat(parts.attachments(mail).describeErrors()).contains("no report attachment");
    }
}
