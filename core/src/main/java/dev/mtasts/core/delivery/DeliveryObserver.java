package dev.mtasts.core.delivery;

/**
 * Receives every delivery round with all its attempts: the results sink of RFC 8460 reporting. Called on
 * the delivery thread: implementations must be quick (no disk or network I/O on the caller's thread) and
 * must not throw.
 */
public interface DeliveryObserver {
    /**
     * @param round the round, its policy lookup and attempts
     * @param mailName the name James gave the mail, for the failure log
     */
    void observe(DomainDelivery round, String mailName);

    /** Observes nothing. */
    DeliveryObserver NONE = (round, mailName) -> { };
}
