package dev.mtasts.core.tlsrpt.send;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportFileName;

/**
 * Builds the report mail of RFC 8460 §5.3.1: {@code multipart/report; report-type="tlsrpt"} with a
 * human-readable {@code text/plain} part and the report as an {@code application/tlsrpt+gzip} attachment
 * named as on disk; headers {@code TLS-Report-Domain}, {@code TLS-Report-Submitter}, the suggested
 * {@code Subject}, a {@code Message-ID} equal to the report-id, {@code TLS-Required: No} (RFC 8689) and
 * {@code Auto-Submitted: auto-generated} (RFC 3834). Thread-safe.
 */
public final class ReportMessageFactory {
    private final ReportSettings settings;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public ReportMessageFactory(ReportSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The message for {@code document}, addressed to {@code recipients}. */
    public MimeMessage create(ReportDocument document, List<InternetAddress> recipients) throws MessagingException {
        ReportFileName name = document.fileName();
        String domain = name.policyDomain().asciiName();
        String submitter = name.submitter().asciiName();
        MimeMessage message = new ReportMimeMessage(session, "<" + document.reportId() + ">");
        message.setFrom(new InternetAddress(settings.senderAddress()));
        message.setRecipients(MimeMessage.RecipientType.TO, recipients.toArray(new InternetAddress[0]));
        // RFC 8460 §5.3.1: Subject SHOULD be "Report Domain: ... Submitter: ... Report-ID: <msg-id>"
        message.setSubject("Report Domain: " + domain + " Submitter: " + submitter + " Report-ID: <"
                + document.reportId() + ">", "US-ASCII");
        // RFC 8460 §5.3.1: these two headers MUST be present
        message.setHeader("TLS-Report-Domain", domain);
        message.setHeader("TLS-Report-Submitter", submitter);
        message.setSentDate(Date.from(clock.instant()));
        // RFC 8460 §5.3.1: a report must get through even when the TLS it reports on is broken; RFC 8689 §5
        // "TLS-Required: No" asks the delivering MTA (and those after it) not to enforce MTA-STS for it.
        message.setHeader("TLS-Required", "No");
        message.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834 §5: no auto-replies to reports

        MimeBodyPart text = new MimeBodyPart();
        text.setText("This is an aggregate TLS report (RFC 8460) from " + settings.organizationName() + " for "
                + domain + ", covering " + name.day() + " (UTC).\r\nReport-ID: " + document.reportId()
                + "\r\nThe report is attached as gzip-compressed JSON (" + name + ").\r\nContact: "
                + settings.contactInfo() + "\r\n", "UTF-8");

        MimeBodyPart report = new MimeBodyPart();
        report.setDataHandler(new DataHandler(new ByteArrayDataSource(document.gzip(), "application/tlsrpt+gzip")));
        report.setFileName(name.toString());
        report.setDisposition(MimeBodyPart.ATTACHMENT);
        report.setHeader("Content-Transfer-Encoding", "base64");

        MimeMultipart multipart = new TlsRptMultipart();
        multipart.addBodyPart(text);
        multipart.addBodyPart(report);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    /** RFC 8460 §5.3.1: the media type is multipart/report with report-type="tlsrpt" (RFC 6522). */
    private static final class TlsRptMultipart extends MimeMultipart {
        TlsRptMultipart() throws MessagingException {
            super("report");
            ContentType type = new ContentType(contentType);
            type.setParameter("report-type", "tlsrpt");
            contentType = type.toString();
        }
    }

    /** Keeps the report-id as Message-ID whenever the message is saved again. */
    private static final class ReportMimeMessage extends MimeMessage {
        private final String messageId;

        ReportMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
