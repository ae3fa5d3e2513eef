package dev.mtasts.james.delivery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.RecipientOutcome;
import dev.mtasts.core.delivery.TlsMode;

/**
 * Builds the bounce for recipients this mailet gives up on: an RFC 3464 {@code multipart/report;
 * report-type=delivery-status} with a part a person reads (why, and what each MX did), the machine-readable
 * {@code message/delivery-status}, and the original headers.
 */
public final class DeliveryStatusNotification {
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private DeliveryStatusNotification() {
    }

    /** Describes why delivery to the failed recipients of {@code round} ended. */
    public static MimeMessage build(MimeMessage original, String sender, List<RecipientOutcome> failed,
            DomainDelivery round, int attempts, String reportingMta, InternetAddress from, Instant now)
            throws MessagingException {
        MimeMessage dsn = new MimeMessage(Session.getInstance(new Properties()));
        dsn.setFrom(from);
        dsn.setRecipients(MimeMessage.RecipientType.TO, sender);
        dsn.setSubject("Undelivered Mail Returned to Sender", "UTF-8");
        dsn.setSentDate(Date.from(now));
        dsn.setHeader("Auto-Submitted", "auto-replied");

        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart human = new MimeBodyPart();
        human.setText(explanation(failed, round, attempts, reportingMta), "UTF-8");
        report.addBodyPart(human);

        MimeBodyPart status = new MimeBodyPart();
        status.setContent(deliveryStatus(failed, round, reportingMta, now), "message/delivery-status");
        report.addBodyPart(status);

        MimeBodyPart headers = new MimeBodyPart();
        headers.setContent(originalHeaders(original), "text/rfc822-headers");
        report.addBodyPart(headers);

        dsn.setContent(report);
        dsn.saveChanges();
        return dsn;
    }

    static String explanation(List<RecipientOutcome> failed, DomainDelivery round, int attempts, String reportingMta) {
        StringBuilder out = new StringBuilder();
        out.append("This is the mail server at ").append(reportingMta).append(".\n\n");
        out.append("Your message could not be delivered to the following recipients");
        out.append(attempts > 1 ? " after " + attempts + " attempts" : "").append(":\n\n");
        for (RecipientOutcome recipient : failed) {
            out.append("  ").append(recipient.recipient()).append("\n    ").append(recipient.reason()).append("\n");
        }
        if (round.mode() == TlsMode.REQUIRE_VALIDATED && round.failedOnPolicy()) {
            out.append("\nThe domain ").append(round.domain()).append(" publishes an MTA-STS policy in enforce mode")
                    .append(" (RFC 8461, policy id ").append(round.lookup().policy().get().id()).append(").")
                    .append("\nIt requires that mail reach only the MX hosts the policy names, over TLS with a")
                    .append("\ncertificate valid for the MX host name. No MX host met those conditions, so the")
                    .append("\nmessage was not sent, rather than sent insecurely. The policy was checked again")
                    .append("\nbefore this notice was sent.\n");
        }
        if (!round.attempts().isEmpty()) {
            out.append("\nWhat each MX host did on the last attempt:\n\n");
            for (AttemptResult attempt : round.attempts()) {
                out.append("  ").append(attempt.mx().host())
                        .append(attempt.address().map(a -> " [" + a.getHostAddress() + "]").orElse(""))
                        .append(": ").append(attempt.detail()).append("\n");
            }
        }
        out.append("\nThe recipient domain's postmaster can fix the problems named above; if they concern MTA-STS,")
                .append("\nthe domain's MTA-STS policy and MX certificates are where to look.\n");
        return out.toString();
    }

    static String deliveryStatus(List<RecipientOutcome> failed, DomainDelivery round, String reportingMta, Instant now) {
        StringBuilder out = new StringBuilder();
        out.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        for (RecipientOutcome recipient : failed) {
            out.append("\r\n");
            out.append("Final-Recipient: rfc822; ").append(recipient.recipient()).append("\r\n");
            out.append("Action: failed\r\n");
            out.append("Status: ").append(recipient.enhancedStatus()).append("\r\n");
            lastContacted(round).ifPresent(mx -> out.append("Remote-MTA: dns; ").append(mx).append("\r\n"));
            out.append("Diagnostic-Code: ").append(diagnostic(recipient)).append("\r\n");
            out.append("Last-Attempt-Date: ").append(RFC_5322.format(now)).append("\r\n");
        }
        return out.toString();
    }

    private static Optional<String> lastContacted(DomainDelivery round) {
        for (int i = round.attempts().size() - 1; i >= 0; i--) {
            AttemptResult attempt = round.attempts().get(i);
            if (attempt.address().isPresent()) {
                return Optional.of(attempt.mx().host().asciiName());
            }
        }
        return Optional.empty();
    }

    private static String diagnostic(RecipientOutcome recipient) {
        String reason = recipient.reason().replaceAll("[\\r\\n]+", " ").trim();
        boolean smtpReply = reason.length() > 3 && Character.isDigit(reason.charAt(0)) && reason.matches("^[245]\\d\\d.*");
        return (smtpReply ? "smtp; " : "X-MTA-STS; ") + reason;
    }

    private static String originalHeaders(MimeMessage original) throws MessagingException {
        StringBuilder out = new StringBuilder();
        Enumeration<String> lines = original.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            out.append(lines.nextElement()).append("\r\n");
        }
        return out.toString();
    }
}
