package dev.mtasts.core.delivery;

import java.util.List;
import java.util.Objects;

/** SMTP envelope of one delivery: reverse path ({@code ""} for the null sender) and recipients. Immutable. */
public final class Envelope {
    private final String sender;
    private final List<String> recipients;

    public Envelope(String sender, List<String> recipients) {
        this.sender = Objects.requireNonNull(sender);
        this.recipients = List.copyOf(recipients);
        if (this.recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs a recipient");
        }
    }

    /** The reverse path, {@code ""} for the null sender ({@code MAIL FROM:<>}). */
    public String sender() {
        return sender;
    }

    public List<String> recipients() {
        return recipients;
    }

    /** The same sender with other recipients. */
    public Envelope withRecipients(List<String> others) {
        return new Envelope(sender, others);
    }

    @Override
    public String toString() {
        return "<" + sender + "> -> " + recipients;
    }
}
