package dev.mtasts.core.cache;

import java.time.Instant;
import java.util.Objects;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.policy.StsPolicy;

/**
 * A policy as the cache holds it (RFC 8461 §5.1): the policy domain, the TXT id it was fetched under, the
 * policy, and when it was last fetched successfully. Valid until {@link #expiresAt()}. Immutable.
 */
public final class CachedPolicy {
    private final DomainName domain;
    private final String id;
    private final StsPolicy policy;
    private final Instant fetchedAt;

    public CachedPolicy(DomainName domain, String id, StsPolicy policy, Instant fetchedAt) {
        this.domain = Objects.requireNonNull(domain);
        this.id = Objects.requireNonNull(id);
        this.policy = Objects.requireNonNull(policy);
        this.fetchedAt = Objects.requireNonNull(fetchedAt);
    }

    public DomainName domain() {
        return domain;
    }

    /** The {@code id} of the TXT record under which this policy was fetched. */
    public String id() {
        return id;
    }

    public StsPolicy policy() {
        return policy;
    }

    /** The last successful fetch. */
    public Instant fetchedAt() {
        return fetchedAt;
    }

    /** §5.1: {@code max_age} seconds after the last successful fetch. */
    public Instant expiresAt() {
        return fetchedAt.plusSeconds(policy.maxAgeSeconds());
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CachedPolicy)) {
            return false;
        }
        CachedPolicy other = (CachedPolicy) o;
        return domain.equals(other.domain) && id.equals(other.id) && policy.equals(other.policy)
                && fetchedAt.equals(other.fetchedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, id, policy, fetchedAt);
    }

    @Override
    public String toString() {
        return domain + " id=" + id + " " + policy + " fetched " + fetchedAt;
    }
}
