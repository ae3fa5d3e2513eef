package dev.mtasts.core.cache;

import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;

/**
 * Told about policy fetch failures that RFC 8461 §6 says to report: fetch failures while a valid TXT record
 * exists, and any fetch failure while a valid non-none policy is cached. Called on the thread that saw the
 * failure; implementations must be quick and must not throw.
 */
public interface PolicyEventListener {
    /**
     * @param domain the policy domain
     * @param txtId the id of the TXT record the fetch was for, when there was one
     * @param failure what went wrong
     * @param cached the cached policy still in force, when there is one
     */
    void fetchFailed(DomainName domain, Optional<String> txtId, Failure failure, Optional<CachedPolicy> cached);

    /**
     * A background refresh of a cached policy failed (RFC 8461 §3.3: administrators SHOULD be alerted). Called
     * once per failed refresh, after any {@link #fetchFailed}. The default does nothing.
     *
     * @param domain the policy domain
     * @param failure what went wrong
     * @param cached the policy that was cached when the refresh began
     */
    default void refreshFailed(DomainName domain, Failure failure, CachedPolicy cached) {
    }

    /** A listener that ignores everything. */
    PolicyEventListener NONE = (domain, txtId, failure, cached) -> { };
}
