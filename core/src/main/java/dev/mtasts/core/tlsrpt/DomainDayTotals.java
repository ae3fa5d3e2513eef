package dev.mtasts.core.tlsrpt;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;

/**
 * One policy domain's sessions on one UTC day, added up over its applied policies: successful sessions,
 * failed sessions, and failed sessions by TLS-RPT result type (RFC 8460 §4.3). Failures beyond the
 * recorder's cap on distinct details have no result type: they count in {@link #failedSessions()} and in
 * {@link #untypedFailures()} only. What operators look at (WebAdmin, {@code report summary}). Immutable.
 */
public final class DomainDayTotals {
    private final DomainName domain;
    private final long successfulSessions;
    private final long failedSessions;
    private final Map<ResultType, Long> failuresByResultType;
    private final long untypedFailures;

    private DomainDayTotals(DomainName domain, long successfulSessions, long failedSessions,
            Map<ResultType, Long> failuresByResultType, long untypedFailures) {
        this.domain = domain;
        this.successfulSessions = successfulSessions;
        this.failedSessions = failedSessions;
        this.failuresByResultType = Collections.unmodifiableMap(failuresByResultType);
        this.untypedFailures = untypedFailures;
    }

    /** Adds up the policies of {@code summary}. */
    public static DomainDayTotals of(DaySummary summary) {
        Objects.requireNonNull(summary);
        long successes = 0;
        long failures = 0;
        long untyped = 0;
        Map<ResultType, Long> byType = new EnumMap<>(ResultType.class);
        for (PolicySummary policy : summary.policies()) {
            successes += policy.successfulSessions();
            failures += policy.failedSessions();
            untyped += policy.overflowFailures();
            for (Map.Entry<FailureDetailKey, Long> detail : policy.failureDetails().entrySet()) {
                byType.merge(detail.getKey().resultType(), detail.getValue(), Long::sum);
            }
        }
        return new DomainDayTotals(summary.policyDomain(), successes, failures, byType, untyped);
    }

    public DomainName domain() {
        return domain;
    }

    public long successfulSessions() {
        return successfulSessions;
    }

    public long failedSessions() {
        return failedSessions;
    }

    /** Failed sessions per result type, in {@link ResultType} order; types without failures are absent. */
    public Map<ResultType, Long> failuresByResultType() {
        return failuresByResultType;
    }

    /** Failed sessions whose detail (and so result type) was not kept: over the per-policy cap. */
    public long untypedFailures() {
        return untypedFailures;
    }

    @Override
    public String toString() {
        return domain + " ok=" + successfulSessions + " failed=" + failedSessions + " " + failuresByResultType;
    }
}
