package dev.mtasts.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.smtp.SmtpReply;
import dev.mtasts.core.smtp.TransactionReplies;

/**
 * Each recipient's fate from the replies to one mail transaction (RFC 5321 §4.2.1, §3.3): the reply to MAIL
 * FROM decides for all when it is negative; else each RCPT TO reply decides for its recipient; for the
 * accepted ones, the reply to DATA when it is not 354, else the reply to the message data. 2yz delivered,
 * 4yz temporary, 5yz permanent; the enhanced status code (RFC 3463) is kept. Pure.
 */
final class TransactionVerdict {
    private TransactionVerdict() {
    }

    static List<RecipientOutcome> of(Envelope envelope, TransactionReplies replies) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        List<String> recipients = envelope.recipients();
        SmtpReply mail = replies.mailFrom();
        for (int i = 0; i < recipients.size(); i++) {
            SmtpReply decisive;
            if (!mail.isPositive()) {
                decisive = mail;
            } else if (i >= replies.recipients().size() || !replies.recipients().get(i).isPositive()) {
                decisive = i < replies.recipients().size() ? replies.recipients().get(i) : mail;
            } else if (replies.data().isPresent() && replies.data().get().code() != 354) {
                decisive = replies.data().get();
            } else {
                decisive = replies.end().orElse(replies.recipients().get(i));
            }
            outcomes.add(RecipientOutcome.fromReply(recipients.get(i), status(decisive), decisive.toString()));
        }
        return outcomes;
    }

    private static Status status(SmtpReply reply) {
        if (reply.isPositive()) {
            return Status.DELIVERED;
        }
        return reply.isPermanent() ? Status.PERMANENT_FAILURE : Status.TEMPORARY_FAILURE;
    }

    /** {@code bob@example.com: delivered (250 2.0.0 ok); ...} for the attempt's detail. */
    static String summary(List<RecipientOutcome> outcomes) {
        List<String> parts = new ArrayList<>();
        for (RecipientOutcome outcome : outcomes) {
            parts.add(outcome.recipient() + ": " + outcome.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (outcome.reason().isEmpty() ? "" : " (" + outcome.reason().trim() + ")"));
        }
        return String.join("; ", parts);
    }
}
