package dev.mtasts.core.smtp;

import java.util.List;
import java.util.Optional;

/**
 * The server's replies to one mail transaction: MAIL FROM, each RCPT TO in envelope order (those sent), DATA
 * (only when some recipient was accepted) and the reply to the message data (only after 354). Immutable.
 */
public final class TransactionReplies {
    private final SmtpReply mailFrom;
    private final List<SmtpReply> recipients;
    private final SmtpReply data;
    private final SmtpReply end;

    TransactionReplies(SmtpReply mailFrom, List<SmtpReply> recipients, SmtpReply data, SmtpReply end) {
        this.mailFrom = mailFrom;
        this.recipients = List.copyOf(recipients);
        this.data = data;
        this.end = end;
    }

    public SmtpReply mailFrom() {
        return mailFrom;
    }

    /** One reply per recipient sent, in envelope order; empty when MAIL FROM was refused before any RCPT. */
    public List<SmtpReply> recipients() {
        return recipients;
    }

    public Optional<SmtpReply> data() {
        return Optional.ofNullable(data);
    }

    /** The reply to the final dot: the server's verdict on the message for every accepted recipient. */
    public Optional<SmtpReply> end() {
        return Optional.ofNullable(end);
    }

    @Override
    public String toString() {
        return "MAIL " + mailFrom + "; RCPT " + recipients + (data == null ? "" : "; DATA " + data)
                + (end == null ? "" : "; end " + end);
    }
}
