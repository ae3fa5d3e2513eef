package dev.mtasts.core.delivery;

import java.util.Objects;

/** What became of one recipient in one delivery round. Immutable. */
public final class RecipientOutcome {
    /** The three fates of a recipient. */
    public enum Status {
        DELIVERED,
        /** Retry later: 4xx, network or TLS trouble, a policy that rules out every MX. */
        TEMPORARY_FAILURE,
        /** Give up: 5xx from the MX, null MX, domain that does not exist. */
        PERMANENT_FAILURE
    }

    private final String recipient;
    private final Status status;
    private final String reason;
    private final String enhancedStatus;

    /**
     * @param enhancedStatus the RFC 3463 status code for a DSN, e.g. {@code 5.1.1} or {@code 4.7.5}
     */
    public RecipientOutcome(String recipient, Status status, String reason, String enhancedStatus) {
        this.recipient = Objects.requireNonNull(recipient);
        this.status = Objects.requireNonNull(status);
        this.reason = Objects.requireNonNull(reason);
        this.enhancedStatus = Objects.requireNonNull(enhancedStatus);
    }

    /** An outcome whose status code is taken from an SMTP reply ({@code 550 5.1.1 ...}) when it has one. */
    public static RecipientOutcome fromReply(String recipient, Status status, String reply) {
        return new RecipientOutcome(recipient, status, reply, EnhancedStatus.fromReply(reply, status));
    }

    public String recipient() {
        return recipient;
    }

    public Status status() {
        return status;
    }

    /** A sentence for the log and the DSN; for an SMTP reply, the reply itself. */
    public String reason() {
        return reason;
    }

    /** RFC 3463 status code for the DSN. */
    public String enhancedStatus() {
        return enhancedStatus;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecipientOutcome && ((RecipientOutcome) o).recipient.equals(recipient)
                && ((RecipientOutcome) o).status == status && ((RecipientOutcome) o).reason.equals(reason)
                && ((RecipientOutcome) o).enhancedStatus.equals(enhancedStatus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipient, status, reason, enhancedStatus);
    }

    @Override
    public String toString() {
        return recipient + " " + status + " " + enhancedStatus + (reason.isEmpty() ? "" : ": " + reason);
    }
}
