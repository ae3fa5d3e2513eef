package dev.mtasts.core.tlsrpt.send;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The delivery of one report file to one rua URI: state, attempts made, the first and last attempt, the last
 * error and when the next attempt is due. Immutable; each transition returns a new value.
 */
public final class DeliveryStatus {
    private final String uri;
    private final DeliveryState state;
    private final int attempts;
    private final Instant firstAttempt;
    private final Instant lastAttempt;
    private final String lastError;
    private final Instant nextAttempt;

    public DeliveryStatus(String uri, DeliveryState state, int attempts, Instant firstAttempt, Instant lastAttempt,
            String lastError, Instant nextAttempt) {
        this.uri = Objects.requireNonNull(uri);
        this.state = Objects.requireNonNull(state);
        this.attempts = attempts;
        this.firstAttempt = firstAttempt;
        this.lastAttempt = lastAttempt;
        this.lastError = lastError;
        this.nextAttempt = nextAttempt;
        if (state == DeliveryState.PENDING && nextAttempt == null) {
            throw new IllegalArgumentException("a pending delivery needs a next attempt time");
        }
    }

    /** A destination not tried yet, due at {@code due}. */
    public static DeliveryStatus pending(String uri, Instant due) {
        return new DeliveryStatus(uri, DeliveryState.PENDING, 0, null, null, null, due);
    }

    /** After a successful attempt at {@code now}. */
    public DeliveryStatus delivered(Instant now) {
        return new DeliveryStatus(uri, DeliveryState.DELIVERED, attempts + 1, first(now), now, lastError, null);
    }

    /** After a failed attempt at {@code now}: pending until {@code next}, or FAILED when there is none. */
    public DeliveryStatus attemptFailed(Instant now, String error, Optional<Instant> next) {
        return new DeliveryStatus(uri, next.isPresent() ? DeliveryState.PENDING : DeliveryState.FAILED, attempts + 1,
                first(now), now, error, next.orElse(null));
    }

    private Instant first(Instant now) {
        return firstAttempt == null ? now : firstAttempt;
    }

    public String uri() {
        return uri;
    }

    public DeliveryState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Optional<Instant> firstAttempt() {
        return Optional.ofNullable(firstAttempt);
    }

    public Optional<Instant> lastAttempt() {
        return Optional.ofNullable(lastAttempt);
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** When the next attempt is due; present only while PENDING. */
    public Optional<Instant> nextAttempt() {
        return Optional.ofNullable(nextAttempt);
    }

    /** True when PENDING and due at or before {@code now}. */
    public boolean isDue(Instant now) {
        return state == DeliveryState.PENDING && !nextAttempt.isAfter(now);
    }

    @Override
    public String toString() {
        return uri + " " + state + " attempts=" + attempts + (lastError == null ? "" : " last error: " + lastError)
                + (nextAttempt == null ? "" : " next " + nextAttempt);
    }
}
