package dev.mtasts.core.tlsrpt;

import java.util.List;
import java.util.Objects;

import dev.mtasts.core.DomainName;

/**
 * The policy a session was made under, as RFC 8460 §4.4 {@code policy} describes it: type ({@code sts} or
 * {@code no-policy-found}), the policy's lines verbatim, its mx patterns, and the policy domain. Sessions
 * under a rotated policy (other lines) are a distinct key: one report entry per applied policy. Immutable.
 */
public final class PolicyKey {
    /** RFC 8460 §4.4 policy-type values used here. */
    public static final String STS = "sts";
    public static final String NO_POLICY_FOUND = "no-policy-found";

    private final String policyType;
    private final DomainName policyDomain;
    private final List<String> policyStrings;
    private final List<String> mxHosts;

    public PolicyKey(String policyType, DomainName policyDomain, List<String> policyStrings, List<String> mxHosts) {
        this.policyType = Objects.requireNonNull(policyType);
        this.policyDomain = Objects.requireNonNull(policyDomain);
        this.policyStrings = List.copyOf(policyStrings);
        this.mxHosts = List.copyOf(mxHosts);
    }

    public static PolicyKey noPolicyFound(DomainName domain) {
        return new PolicyKey(NO_POLICY_FOUND, domain, List.of(), List.of());
    }

    public String policyType() {
        return policyType;
    }

    public DomainName policyDomain() {
        return policyDomain;
    }

    /** The policy's lines as fetched; empty for {@code no-policy-found}. */
    public List<String> policyStrings() {
        return policyStrings;
    }

    /** The policy's mx patterns; empty for {@code no-policy-found}. */
    public List<String> mxHosts() {
        return mxHosts;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PolicyKey)) {
            return false;
        }
        PolicyKey other = (PolicyKey) o;
        return policyType.equals(other.policyType) && policyDomain.equals(other.policyDomain)
                && policyStrings.equals(other.policyStrings) && mxHosts.equals(other.mxHosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policyType, policyDomain, policyStrings, mxHosts);
    }

    @Override
    public String toString() {
        return policyType + " " + policyDomain + " mx=" + mxHosts;
    }
}
