package dev.mtasts.core.tlsrpt;

import java.util.Map;
import java.util.Objects;

/**
 * One day's counts for one applied policy: successful and failed sessions, failures by detail, and how many
 * failed sessions fell beyond the cap on distinct details (counted in the totals, never dropped). Immutable.
 */
public final class PolicySummary {
    private final PolicyKey policy;
    private final long successfulSessions;
    private final long failedSessions;
    private final Map<FailureDetailKey, Long> failureDetails;
    private final long overflowFailures;

    public PolicySummary(PolicyKey policy, long successfulSessions, long failedSessions,
            Map<FailureDetailKey, Long> failureDetails, long overflowFailures) {
        this.policy = Objects.requireNonNull(policy);
        this.successfulSessions = successfulSessions;
        this.failedSessions = failedSessions;
        this.failureDetails = Map.copyOf(failureDetails);
        this.overflowFailures = overflowFailures;
    }

    public PolicyKey policy() {
        return policy;
    }

    /** RFC 8460 {@code total-successful-session-count}. */
    public long successfulSessions() {
        return successfulSessions;
    }

    /** RFC 8460 {@code total-failure-session-count}. */
    public long failedSessions() {
        return failedSessions;
    }

    /** RFC 8460 {@code failure-details}: detail to {@code failed-session-count}. */
    public Map<FailureDetailKey, Long> failureDetails() {
        return failureDetails;
    }

    /** Failed sessions whose detail was not kept because the per-policy cap of distinct details was reached. */
    public long overflowFailures() {
        return overflowFailures;
    }

    @Override
    public String toString() {
        return policy + " ok=" + successfulSessions + " failed=" + failedSessions + " details=" + failureDetails.size()
                + (overflowFailures > 0 ? " overflow=" + overflowFailures : "");
    }
}
