package dev.mtasts.james.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.RecipientOutcome;

/**
 * Tells the sender about recipients this mailet gives up on: by default a DSN built here; with
 * {@code bounceProcessor}, the failed mail goes to that processor with RemoteDelivery's attributes
 * ({@code delivery-error}, {@code is-delivery-permanent-error}) so that existing bounce set-ups keep
 * working. A mail with the null sender gets no bounce (RFC 5321 §4.5.5) but is logged. Thread-safe.
 */
final class FailureNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(FailureNotifier.class);
    static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");
    static final AttributeName PERMANENT_ERROR = AttributeName.of("is-delivery-permanent-error");

    private final MailetContext context;
    private final Optional<String> bounceProcessor;
    private final String reportingMta;
    private final Clock clock;

    FailureNotifier(MailetContext context, Optional<String> bounceProcessor, String reportingMta, Clock clock) {
        this.context = context;
        this.bounceProcessor = bounceProcessor;
        this.reportingMta = reportingMta;
        this.clock = clock;
    }

    void notifyFailure(Mail mail, List<RecipientOutcome> failed, DomainDelivery round, int attempts)
            throws MessagingException {
        if (failed.isEmpty()) {
            return;
        }
        if (!mail.hasSender()) {
            LOG.warn("MTA-STS: no bounce for mail {} (null sender); failed recipients: {}", mail.getName(), failed);
            return;
        }
        if (bounceProcessor.isPresent()) {
            Mail copy = mail.duplicate();
            copy.setRecipients(OutgoingDelivery.recipientsOf(mail, failed));
            copy.setAttribute(new Attribute(DELIVERY_ERROR, AttributeValue.of(failed.get(0).enhancedStatus() + " "
                    + failed.get(0).reason())));
            copy.setAttribute(new Attribute(PERMANENT_ERROR, AttributeValue.of(true)));
            context.sendMail(copy, bounceProcessor.get());
            return;
        }
        MimeMessage dsn = DeliveryStatusNotification.build(mail.getMessage(), mail.getMaybeSender().asString(), failed,
                round, attempts, reportingMta, new InternetAddress(context.getPostmaster().asString()), clock.instant());
        context.sendMail(MailAddress.nullSender(), List.of(mail.getMaybeSender().get()), dsn);
    }
}
