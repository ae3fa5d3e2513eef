package dev.mtasts.core.tlsrpt;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import dev.mtasts.core.DomainName;

/** Everything recorded for one policy domain on one UTC day: the input of one RFC 8460 report. Immutable. */
public final class DaySummary {
    private final LocalDate day;
    private final DomainName policyDomain;
    private final List<PolicySummary> policies;

    public DaySummary(LocalDate day, DomainName policyDomain, List<PolicySummary> policies) {
        this.day = Objects.requireNonNull(day);
        this.policyDomain = Objects.requireNonNull(policyDomain);
        this.policies = List.copyOf(policies);
    }

    /** The UTC day. */
    public LocalDate day() {
        return day;
    }

    public DomainName policyDomain() {
        return policyDomain;
    }

    public List<PolicySummary> policies() {
        return policies;
    }

    @Override
    public String toString() {
        return day + " " + policyDomain + " " + policies;
    }
}
