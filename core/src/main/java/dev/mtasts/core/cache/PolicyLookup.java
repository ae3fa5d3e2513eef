package dev.mtasts.core.cache;

import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.Failure;

/**
 * The answer of {@code PolicyService.lookup}: the domain has no policy, has a valid policy, or its policy
 * is temporarily unknown (DNS or fetch trouble and nothing valid cached: RFC 8461 §3.3 says deliver as if
 * there were no policy). Alongside, the failure that TLS-RPT should report (§6), if any; a lookup can
 * find a cached policy and still carry a failure (the refresh failed). Immutable.
 */
public final class PolicyLookup {
    /** The three answers. */
    public enum Kind {
        NO_POLICY,
        POLICY,
        TEMPORARILY_UNKNOWN
    }

    private final Kind kind;
    private final CachedPolicy policy;
    private final Failure failure;

    private PolicyLookup(Kind kind, CachedPolicy policy, Failure failure) {
        this.kind = kind;
        this.policy = policy;
        this.failure = failure;
    }

    public static PolicyLookup noPolicy() {
        return new PolicyLookup(Kind.NO_POLICY, null, null);
    }

    /** No usable policy because of {@code failure} (also reported when it is a §6 reportable failure). */
    public static PolicyLookup noPolicy(Failure failure) {
        return new PolicyLookup(Kind.NO_POLICY, null, Objects.requireNonNull(failure));
    }

    public static PolicyLookup policy(CachedPolicy policy) {
        return new PolicyLookup(Kind.POLICY, Objects.requireNonNull(policy), null);
    }

    /** A cached policy applied although refreshing it failed with {@code failure} (§3.3, §5.1). */
    public static PolicyLookup policy(CachedPolicy policy, Failure failure) {
        return new PolicyLookup(Kind.POLICY, Objects.requireNonNull(policy), Objects.requireNonNull(failure));
    }

    public static PolicyLookup temporarilyUnknown(Failure failure) {
        return new PolicyLookup(Kind.TEMPORARILY_UNKNOWN, null, Objects.requireNonNull(failure));
    }

    public Kind kind() {
        return kind;
    }

    public boolean hasPolicy() {
        return kind == Kind.POLICY;
    }

    public Optional<CachedPolicy> policy() {
        return Optional.ofNullable(policy);
    }

    /** The failure to report through TLS-RPT, if any. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return kind + (policy != null ? " " + policy : "") + (failure != null ? " failure: " + failure : "");
    }
}
