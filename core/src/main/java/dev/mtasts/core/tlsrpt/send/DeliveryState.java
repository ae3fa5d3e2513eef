package dev.mtasts.core.tlsrpt.send;

/** Where the delivery of one report file to one rua destination stands. */
public enum DeliveryState {
    /** Not delivered yet; another attempt is due at {@link DeliveryStatus#nextAttempt()}. */
    PENDING,
    /** Accepted: a 2xx answer to the POST, or the mail handed to the mail server. */
    DELIVERED,
    /** Given up after the retry window (24 hours, RFC 8460 §5.4). */
    FAILED
}
