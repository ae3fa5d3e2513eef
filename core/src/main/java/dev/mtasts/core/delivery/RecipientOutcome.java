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

    public RecipientOutcome(String recipient, Status status, String reason) {
        this.recipient = Objects.requireNonNull(recipient);
        this.status = Objects.requireNonNull(status);
        this.reason = Objects.requireNonNull(reason);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof RecipientOutcome && ((RecipientOutcome) o).recipient.equals(recipient)
                && ((RecipientOutcome) o).status == status && ((RecipientOutcome) o).reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipient, status, reason);
    }

    @Override
    public String toString() {
        return recipient + " " + status + (reason.isEmpty() ? "" : ": " + reason);
    }
}
