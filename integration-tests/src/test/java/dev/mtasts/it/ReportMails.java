package dev.mtasts.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

/**
 * TLS report mails as receivers send them (RFC 8460 §5.3: multipart/report, report-type=tlsrpt, a human part,
 * then the report as application/tlsrpt+gzip), with report JSON written for these tests from RFC 8460 §4, and
 * an SMTP submission of any such mail to the James under test.
 */
final class ReportMails {
    private ReportMails() {
    }

    /** One policy entry: {@code failures} as pairs of result type and count, e.g. "certificate-expired", 3. */
    static String policy(String domain, String type, long ok, Object... failures) {
        StringBuilder details = new StringBuilder();
        long failed = 0;
        for (int i = 0; i < failures.length; i += 2) {
            long count = ((Number) failures[i + 1]).longValue();
            if (count == 0) {
                continue;
            }
            failed += count;
            details.append(details.length() == 0 ? "" : ",")
                .append("{\"result-type\":\"").append(failures[i]).append("\",\"sending-mta-ip\":\"192.0.2.").append(10 + i)
                .append("\",\"receiving-mx-hostname\":\"mx1.").append(domain).append("\",\"failed-session-count\":")
                .append(count).append(failures[i].equals("sts-policy-fetch-error")
                    ? ",\"failure-reason-code\":\"policy is missing: HTTP 404\"" : "").append('}');
        }
        return "{\"policy\":{\"policy-type\":\"" + type + "\",\"policy-domain\":\"" + domain + "\"},"
            + "\"summary\":{\"total-successful-session-count\":" + ok + ",\"total-failure-session-count\":" + failed + "}"
            + (details.length() == 0 ? "" : ",\"failure-details\":[" + details + "]") + "}";
    }

    /** A whole report about {@code day}, with fractional seconds as some reporters write them. */
    static String report(String organization, String reportId, LocalDate day, String... policies) {
        return "{\"organization-name\":" + quoted(organization) + ",\"date-range\":{\"start-datetime\":\"" + day
            + "T00:00:00.000Z\",\"end-datetime\":\"" + day + "T23:59:59Z\"},\"contact-info\":\"tlsrpt@reporter.example\","
            + "\"report-id\":" + quoted(reportId) + ",\"policies\":[" + String.join(",", policies) + "]}";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The mail: a human-readable part and the report part of {@code type}. */
    static String mail(String from, String to, String type, byte[] report) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Report Domain: ours.test Submitter: reporter.example Report-ID: <r@reporter.example>");
        message.setHeader("TLS-Report-Domain", "ours.test");
        message.setHeader("TLS-Report-Submitter", "reporter.example");
        MimeMultipart multipart = new MimeMultipart("report; report-type=tlsrpt");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("This is an aggregate TLS report from reporter.example.");
        multipart.addBodyPart(human);
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(report, type)));
        part.setFileName("reporter.example!ours.test!1764288000!1764374399.json.gz");
        multipart.addBodyPart(part);
        message.setContent(multipart);
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Submits {@code message} (CRLF lines) over SMTP to James on {@code port}; asserts James accepted it. */
    static void submit(int port, String from, String to, String message) throws IOException {
        try (SmtpSession smtp = SmtpSession.connect(port)) {
            assertThat(smtp.reply()).startsWith("220 ");
            assertThat(smtp.send("EHLO reporter.example")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<" + from + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + to + ">")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            String stuffed = message.replace("\r\n.", "\r\n..");
            assertThat(smtp.send(stuffed + (stuffed.endsWith("\r\n") ? "" : "\r\n") + ".")).startsWith("250");
            smtp.send("QUIT");
        }
    }
}
