package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import javax.mail.internet.ContentType;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.EnhancedStatus;
import dev.mtasts.core.delivery.RecipientOutcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.delivery.TlsMode;

/**
 * {@link FailureNotifier}: the sender hears of the recipients given up on, by a DSN from the null sender
 * (RFC 3464), or through the configured bounce processor with RemoteDelivery's attributes; a mail with the
 * null sender causes no bounce (RFC 5321 §4.5.5).
 */
class FailureNotifierTest {
    private static final DomainName DOMAIN = DomainName.of("example.test");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private static final RecipientOutcome BOB = new RecipientOutcome("bob@example.test", Status.PERMANENT_FAILURE,
            "no usable MX for example.test", EnhancedStatus.NO_ROUTE);
    private static final DomainDelivery ROUND = new DomainDelivery(DOMAIN, PolicyLookup.noPolicy(), TlsMode.OPPORTUNISTIC,
            List.of(), List.of(BOB));

    private final FakeMailContext context = FakeMailContext.builder().postmaster(postmaster()).build();

    private static MailAddress postmaster() {
        try {
            return new MailAddress("postmaster@sender.test");
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mail mail(String sender) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("m1").state(Mail.DEFAULT)
                .recipients("bob@example.test", "carol@example.test")
                .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("figures").setText("hello"));
        if (sender != null) {
            builder.sender(sender);
        }
        return builder.build();
    }

    @Test
    void shouldSendADeliveryStatusNotificationToTheSenderWhenNoBounceProcessorIsSet() throws Exception {
        FailureNotifier notifier = new FailureNotifier(context, Optional.empty(), "mail.sender.test", CLOCK);

        notifier.notifyFailure(mail("alice@sender.test"), List.of(BOB), ROUND, 6);

        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getSender()).isEqualTo(MailAddress.nullSender());
            assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("alice@sender.test");
            ContentType type = new ContentType(sent.getMsg().getContentType());
            assertThat(type.getBaseType()).isEqualTo("multipart/report");
            assertThat(type.getParameter("report-type")).isEqualTo("delivery-status");
        });
    }

    @Test
    void shouldHandTheFailedRecipientsToTheBounceProcessorWithRemoteDeliveryAttributesWhenOneIsSet() throws Exception {
        FailureNotifier notifier = new FailureNotifier(context, Optional.of("bounces"), "mail.sender.test", CLOCK);

        notifier.notifyFailure(mail("alice@sender.test"), List.of(BOB), ROUND, 6);

        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getState()).isEqualTo("bounces");
            assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("bob@example.test");
            assertThat(sent.getAttributes().get(FailureNotifier.DELIVERY_ERROR).getValue())
                    .isEqualTo(AttributeValue.of("4.4.4 no usable MX for example.test"));
            assertThat(sent.getAttributes().get(FailureNotifier.PERMANENT_ERROR).getValue())
                    .isEqualTo(AttributeValue.of(true));
        });
    }

    @Test
    void shouldSendNothingWhenTheMailHasTheNullSender() throws Exception {
        FailureNotifier notifier = new FailureNotifier(context, Optional.empty(), "mail.sender.test", CLOCK);

        notifier.notifyFailure(mail(null), List.of(BOB), ROUND, 6);

        assertThat(context.getSentMails()).isEmpty();
    }
}
