package dev.mtasts.core.cache;

import dev.mtasts.core.DomainName;

/**
 * When a cached policy is refreshed (RFC 8461 §3.3: "SHOULD proactively refresh cached policies before they
 * expire", suggested daily). A pure function of the times given: no clock, no randomness. The jitter that keeps
 * all domains from being refreshed at once is derived from the domain name, so it is spread evenly and stable.
 * Immutable and thread-safe.
 */
final class RefreshSchedule {
    private final long periodMillis;
    private final long jitterMillis;
    private final long beforeExpiryMillis;
    private final long retryMillis;

    RefreshSchedule(PolicyServiceSettings settings) {
        this.periodMillis = settings.refreshPeriod().toMillis();
        this.jitterMillis = settings.refreshJitter().toMillis();
        this.beforeExpiryMillis = settings.refreshBeforeExpiry().toMillis();
        this.retryMillis = Math.max(settings.failedFetchBackoff().toMillis(), periodMillis / 24);
    }

    /** The next refresh of {@code policy} after a successful check at {@code checkedAtMillis}. */
    long nextRefresh(CachedPolicy policy, long checkedAtMillis) {
        long byPeriod = checkedAtMillis + periodMillis + jitterOffset(policy.domain());
        long byExpiry = Math.max(refetchFrom(policy), checkedAtMillis + retryMillis);
        return Math.min(byPeriod, byExpiry);
    }

    /** The next refresh after a check at {@code checkedAtMillis} that failed. */
    long nextRetry(CachedPolicy policy, long checkedAtMillis) {
        return Math.min(nextRefresh(policy, checkedAtMillis), checkedAtMillis + retryMillis);
    }

    /**
     * True when the policy should be fetched again although its TXT id did not change: it is within
     * {@code refreshBeforeExpiry} (at most a quarter of its max_age) of expiring.
     */
    boolean needsRefetch(CachedPolicy policy, long nowMillis) {
        return nowMillis >= refetchFrom(policy);
    }

    private long refetchFrom(CachedPolicy policy) {
        long maxAgeMillis = policy.maxAgeSeconds() * 1000L;
        return policy.expiresAt().toEpochMilli() - Math.min(beforeExpiryMillis, maxAgeMillis / 4);
    }

    private long jitterOffset(DomainName domain) {
        if (jitterMillis == 0) {
            return 0;
        }
        long mixed = domain.hashCode() * 0x9E3779B97F4A7C15L;
        return Math.floorMod(mixed ^ (mixed >>> 29), jitterMillis) - jitterMillis / 2;
    }
}
