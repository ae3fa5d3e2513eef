package dev.mtasts.core.cache;

/**
 * One cached policy with what the hot path needs as plain longs: until when its TXT answer may be trusted, when
 * it expires, when the background refresh is due, and the precomputed answer to return. Immutable; replaced as
 * a whole in the map.
 */
final class CacheEntry {
    /** A TXT check time that is always in the past: after a restart the TXT TTL is unknown. */
    static final long NEVER_CHECKED = Long.MIN_VALUE;

    private final CachedPolicy policy;
    private final long expiresAtMillis;
    private final long txtValidUntilMillis;
    private final long nextRefreshMillis;
    private final PolicyLookup answer;

    CacheEntry(CachedPolicy policy, long txtValidUntilMillis, long nextRefreshMillis, PolicyLookup answer) {
        this.policy = policy;
        this.expiresAtMillis = policy.expiresAt().toEpochMilli();
        this.txtValidUntilMillis = txtValidUntilMillis;
        this.nextRefreshMillis = nextRefreshMillis;
        this.answer = answer;
    }

    /** An entry whose answer is the policy alone, without a failure. */
    static CacheEntry plain(CachedPolicy policy, long txtValidUntilMillis, long nextRefreshMillis) {
        return new CacheEntry(policy, txtValidUntilMillis, nextRefreshMillis, PolicyLookup.policy(policy));
    }

    /** The same policy, checked again. Reuses the answer object when it stays failure-free. */
    CacheEntry checked(long txtValidUntil, long nextRefresh, PolicyLookup newAnswer) {
        PolicyLookup kept = newAnswer.failure().isEmpty() && answer.failure().isEmpty() ? answer : newAnswer;
        return new CacheEntry(policy, txtValidUntil, nextRefresh, kept);
    }

    /** True when {@link #answer()} may be returned at {@code nowMillis} without any network I/O. */
    boolean isFreshAt(long nowMillis) {
        return nowMillis < txtValidUntilMillis && nowMillis < expiresAtMillis;
    }

    boolean isExpiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    CachedPolicy policy() {
        return policy;
    }

    long nextRefreshMillis() {
        return nextRefreshMillis;
    }

    PolicyLookup answer() {
        return answer;
    }
}
