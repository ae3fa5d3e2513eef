package dev.mtasts.core.received;

import java.util.List;
import java.util.Objects;

import dev.mtasts.core.DomainName;

/**
 * One {@code policies} entry of a received report (RFC 8460 §4.4): which policy the reporter applied to
 * which of our domains, and how its sessions went. Strings are cleaned; the domain is normalised. Immutable.
 */
public final class ReceivedPolicy {
    private final String policyType;
    private final DomainName policyDomain;
    private final List<String> policyStrings;
    private final List<String> mxHosts;
    private final long successfulSessions;
    private final long failedSessions;
    private final List<ReceivedFailure> failures;

    ReceivedPolicy(String policyType, DomainName policyDomain, List<String> policyStrings, List<String> mxHosts,
            long successfulSessions, long failedSessions, List<ReceivedFailure> failures) {
        this.policyType = Objects.requireNonNull(policyType);
        this.policyDomain = Objects.requireNonNull(policyDomain);
        this.policyStrings = List.copyOf(policyStrings);
        this.mxHosts = List.copyOf(mxHosts);
        this.successfulSessions = successfulSessions;
        this.failedSessions = failedSessions;
        this.failures = List.copyOf(failures);
    }

    /** {@code policy-type}: {@code sts}, {@code tlsa}, {@code no-policy-found}, or what the reporter wrote. */
    public String policyType() {
        return policyType;
    }

    public DomainName policyDomain() {
        return policyDomain;
    }

    /** {@code policy-string}: the policy lines the reporter fetched (empty when absent). */
    public List<String> policyStrings() {
        return policyStrings;
    }

    /** {@code mx-host} (empty when absent). */
    public List<String> mxHosts() {
        return mxHosts;
    }

    /** {@code summary.total-successful-session-count}. */
    public long successfulSessions() {
        return successfulSessions;
    }

    /** {@code summary.total-failure-session-count}. */
    public long failedSessions() {
        return failedSessions;
    }

    /** {@code failure-details} (empty when absent). */
    public List<ReceivedFailure> failures() {
        return failures;
    }

    @Override
    public String toString() {
        return policyType + " " + policyDomain + " ok=" + successfulSessions + " failed=" + failedSessions;
    }
}
