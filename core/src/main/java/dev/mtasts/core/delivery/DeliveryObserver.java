package dev.mtasts.core.delivery;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;

/**
 * Receives every delivery round with all its attempts: the results sink of RFC 8460 reporting. Called on
 * the delivery thread: implementations must be quick (no disk or network I/O on the caller's thread) and
 * must not throw.
 */
public interface DeliveryObserver {
    /**
     * @param round the round, its policy lookup and attempts
     * @param mailName the name James gave the mail, for the failure log
     * @param reportMail true when the mail is a TLS report this server sends: logged, never counted (RFC 8460
     *        §5.3.1, no report loops)
     */
    void observe(DomainDelivery round, String mailName, boolean reportMail);

    /** {@link #observe(DomainDelivery, String, boolean)} for an ordinary mail. */
    default void observe(DomainDelivery round, String mailName) {
        observe(round, mailName, false);
    }

    /**
     * An enforce policy was applied as testing because the message asked for it ({@code TLS-Required: No},
     * RFC 8689 §5) and the operator lets it. Called after {@link #observe} for the round. Default: nothing.
     *
     * @param round the round made under the waived policy (its lookup holds the enforce policy)
     */
    default void policyWaived(DomainDelivery round, String mailName, boolean reportMail) {
    }

    /**
     * The domain's {@code _mta-sts} TXT record could not be read (SERVFAIL, timeout) and nothing was cached,
     * so whether it has a policy is unknown. Default: nothing.
     *
     * @param failure what the lookup said
     * @param deferred true when the mail is deferred for it, false when it is delivered as without a policy
     */
    default void discoveryFailed(DomainName domain, Failure failure, String mailName, boolean deferred) {
    }

    /** Observes nothing. */
    DeliveryObserver NONE = (round, mailName, reportMail) -> { };
}
