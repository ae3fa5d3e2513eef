package dev.mtasts.core.cache;

import java.time.Instant;
import java.util.Objects;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/**
 * A policy as the cache holds it (RFC 8461 §5.1): the policy domain, the TXT id it was fetched under, the
 * policy, and when it was last fetched successfully. Valid until {@link #expiresAt()}. Immutable and thread-safe.
 *
 * <p>A policy loaded from the store's snapshot keeps its mx patterns and lines in their checked, encoded form
 * until {@link #policy()} is first called: a start with a million cached policies then builds a handful of
 * objects per policy instead of a few dozen (most are never used before their next refresh).
 */
public final class CachedPolicy {
    private final DomainName domain;
    private final String id;
    /** {@link #fetchedAt()} as seconds and nanoseconds: a million cached policies need no Instant objects. */
    private final long fetchedAtSeconds;
    private final int fetchedAtNanos;
    private final PolicyMode mode;
    private final long maxAgeSeconds;
    /** Null until decoded when {@link #encoded} is set. */
    private volatile StsPolicy policy;
    /** The mx patterns and lines in {@link PolicyFileFormat}, already checked; null once not needed. */
    private volatile byte[] encoded;

    public CachedPolicy(DomainName domain, String id, StsPolicy policy, Instant fetchedAt) {
        this.domain = Objects.requireNonNull(domain);
        this.id = Objects.requireNonNull(id);
        this.policy = Objects.requireNonNull(policy);
        this.fetchedAtSeconds = fetchedAt.getEpochSecond();
        this.fetchedAtNanos = fetchedAt.getNano();
        this.mode = policy.mode();
        this.maxAgeSeconds = policy.maxAgeSeconds();
    }

    /** A policy whose mx patterns and lines are decoded from {@code encoded} (checked by the caller) when needed. */
    CachedPolicy(DomainName domain, String id, PolicyMode mode, long maxAgeSeconds, byte[] encoded,
            Instant fetchedAt) {
        this.domain = Objects.requireNonNull(domain);
        this.id = Objects.requireNonNull(id);
        this.mode = Objects.requireNonNull(mode);
        this.maxAgeSeconds = maxAgeSeconds;
        this.encoded = Objects.requireNonNull(encoded);
        this.fetchedAtSeconds = fetchedAt.getEpochSecond();
        this.fetchedAtNanos = fetchedAt.getNano();
    }

    public DomainName domain() {
        return domain;
    }

    /** The {@code id} of the TXT record under which this policy was fetched. */
    public String id() {
        return id;
    }

    public StsPolicy policy() {
        StsPolicy decoded = policy;
        if (decoded != null) {
            return decoded;
        }
        byte[] bytes = encoded;
        if (bytes == null) {
            // Another thread decoded it meanwhile: it wrote the policy before dropping the bytes.
            return policy;
        }
        // Two threads may both decode: equal results, either one is kept.
        decoded = PolicyFileFormat.decodeChecked(mode, maxAgeSeconds, bytes);
        policy = decoded;
        encoded = null;
        return decoded;
    }

    /** The policy's mode, without decoding the rest. */
    public PolicyMode mode() {
        return mode;
    }

    /** The policy's {@code max_age} in seconds, without decoding the rest. */
    public long maxAgeSeconds() {
        return maxAgeSeconds;
    }

    /** The last successful fetch. */
    public Instant fetchedAt() {
        return Instant.ofEpochSecond(fetchedAtSeconds, fetchedAtNanos);
    }

    /** §5.1: {@code max_age} seconds after the last successful fetch. */
    public Instant expiresAt() {
        return fetchedAt().plusSeconds(maxAgeSeconds);
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
        return domain.equals(other.domain) && id.equals(other.id) && policy().equals(other.policy())
                && fetchedAtSeconds == other.fetchedAtSeconds && fetchedAtNanos == other.fetchedAtNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, id, policy(), fetchedAt());
    }

    @Override
    public String toString() {
        return domain + " id=" + id + " " + policy() + " fetched " + fetchedAt();
    }
}
