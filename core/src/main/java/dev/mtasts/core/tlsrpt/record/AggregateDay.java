package dev.mtasts.core.tlsrpt.record;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.DomainName;

/**
 * The live counters of one UTC day: policy domain, then applied policy, to {@link AggregateCounters}. Knows
 * whether it changed since it was last written to disk. Bounded per domain: at most {@code maxPolicies}
 * distinct policies (plus one without policy strings for the rest), each with at most {@code maxDetails}
 * failure details. Thread-safe.
 */
final class AggregateDay {
    private final LocalDate day;
    private final long epochDay;
    private final int maxDetails;
    private final int maxPolicies;
    private final ConcurrentHashMap<DomainName, ConcurrentHashMap<PolicyKey, AggregateCounters>> domains =
            new ConcurrentHashMap<>();
    private final LongAdder changes = new LongAdder();
    private final LongAdder overflowPolicies = new LongAdder();
    /** The value of {@link #changes} that the last written checkpoint includes; guarded by the writer. */
    private long writtenChanges;

    AggregateDay(LocalDate day, int maxDetails, int maxPolicies) {
        this.day = day;
        this.epochDay = day.toEpochDay();
        this.maxDetails = maxDetails;
        this.maxPolicies = maxPolicies;
    }

    LocalDate day() {
        return day;
    }

    long epochDay() {
        return epochDay;
    }

    /**
     * The counters of {@code policy}, created on first use. A domain that already has {@code maxPolicies}
     * distinct policies this day (a hostile domain rotating its policy to grow the checkpoint) gets the
     * counters of its policy of the same type without policy strings and mx hosts instead: its sessions are
     * still counted, the strings of its further policies are not kept.
     */
    AggregateCounters counters(PolicyKey policy) {
        ConcurrentHashMap<PolicyKey, AggregateCounters> policies = domains.get(policy.policyDomain());
        if (policies == null) {
            policies = domains.computeIfAbsent(policy.policyDomain(), d -> new ConcurrentHashMap<>());
        }
        AggregateCounters counters = policies.get(policy);
        if (counters != null) {
            return counters;
        }
        synchronized (policies) {
            counters = policies.get(policy);
            if (counters != null) {
                return counters;
            }
            PolicyKey kept = policy;
            if (policies.size() >= maxPolicies) {
                kept = new PolicyKey(policy.policyType(), policy.policyDomain(), List.of(), List.of());
                overflowPolicies.increment();
            }
            return policies.computeIfAbsent(kept, p -> new AggregateCounters(p, maxDetails));
        }
    }

    /** How many times a policy beyond the per-domain cap was folded into its policy-less key this day. */
    long overflowPolicies() {
        return overflowPolicies.sum();
    }

    /** Call after the counters were updated (so a checkpoint that sees the change also sees the counts). */
    void changed() {
        changes.increment();
    }

    /** The change count to pass to {@link #written(long)} once a snapshot taken after this call is on disk. */
    long changeCount() {
        return changes.sum();
    }

    long writtenChanges() {
        return writtenChanges;
    }

    void written(long changeCount) {
        this.writtenChanges = changeCount;
    }

    List<DomainName> domains() {
        List<DomainName> names = new ArrayList<>(domains.keySet());
        names.sort(null);
        return names;
    }

    Optional<DaySummary> summary(DomainName domain) {
        Map<PolicyKey, AggregateCounters> policies = domains.get(domain);
        if (policies == null || policies.isEmpty()) {
            return Optional.empty();
        }
        List<PolicySummary> summaries = new ArrayList<>();
        for (AggregateCounters counters : policies.values()) {
            summaries.add(counters.snapshot());
        }
        return Optional.of(new DaySummary(day, domain, summaries));
    }

    /** Every policy of every domain, for a checkpoint. */
    List<PolicySummary> snapshot() {
        List<PolicySummary> all = new ArrayList<>();
        for (Map<PolicyKey, AggregateCounters> policies : domains.values()) {
            for (AggregateCounters counters : policies.values()) {
                all.add(counters.snapshot());
            }
        }
        return all;
    }

    /** Adds checkpointed totals (at start-up, before recording starts). */
    void restore(PolicySummary summary) {
        AggregateCounters counters = counters(summary.policy());
        counters.addSuccesses(summary.successfulSessions());
        for (Map.Entry<FailureDetailKey, Long> detail : summary.failureDetails().entrySet()) {
            counters.addFailures(detail.getKey(), detail.getValue());
        }
        counters.addOverflow(summary.overflowFailures());
    }
}
