package dev.mtasts.core.tlsrpt.send;

import java.util.Objects;
import java.util.Optional;

/** The result of one attempt to deliver a report file to one destination: delivered, or why not. Immutable. */
public final class DeliveryOutcome {
    private static final DeliveryOutcome DELIVERED = new DeliveryOutcome(null);

    private final String error;

    private DeliveryOutcome(String error) {
        this.error = error;
    }

    public static DeliveryOutcome delivered() {
        return DELIVERED;
    }

    /** A failed attempt; {@code error} is a sentence naming the destination and what happened. */
    public static DeliveryOutcome failed(String error) {
        return new DeliveryOutcome(Objects.requireNonNull(error));
    }

    public boolean isDelivered() {
        return error == null;
    }

    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return error == null ? "delivered" : "failed: " + error;
    }
}
