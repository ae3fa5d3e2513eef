package dev.mtasts.core.tlsrpt.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportUri;

/**
 * Sends report files to {@code mailto:} rua destinations: builds the RFC 8460 §5.3.1 message with
 * {@link ReportMessageFactory} and hands it to the {@link ReportMailer}. Delivered means accepted by the mail
 * server. Thread-safe when the mailer is.
 */
public final class MailtoReportSender implements ReportSender {
    private final ReportMessageFactory messages;
    private final ReportMailer mailer;
    private final ReportSettings settings;

    public MailtoReportSender(ReportSettings settings, ReportMessageFactory messages, ReportMailer mailer) {
        this.settings = Objects.requireNonNull(settings);
        this.messages = Objects.requireNonNull(messages);
        this.mailer = Objects.requireNonNull(mailer);
    }

    @Override
    public ReportUri.Scheme scheme() {
        return ReportUri.Scheme.MAILTO;
    }

    @Override
    public DeliveryOutcome send(ReportUri destination, ReportDocument document) {
        try {
            List<InternetAddress> recipients = new ArrayList<>();
            List<String> mailboxes = destination.mailboxes();
            // also for a URI read back from a status file written before the cap (RuaLimits)
            for (String mailbox : mailboxes.subList(0, Math.min(mailboxes.size(), ReportSettings.MAX_MAILBOXES))) {
                recipients.add(new InternetAddress(mailbox, true));
            }
            mailer.send(new InternetAddress(settings.senderAddress(), true), recipients,
                    messages.create(document, recipients));
            return DeliveryOutcome.delivered();
        } catch (AddressException e) {
            return DeliveryOutcome.failed(destination + " has an unusable address: " + e.getMessage());
        } catch (MessagingException | RuntimeException e) {
            return DeliveryOutcome.failed("mail to " + destination + " was not accepted: " + e);
        }
    }
}
