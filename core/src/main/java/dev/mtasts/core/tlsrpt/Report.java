package dev.mtasts.core.tlsrpt;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import dev.mtasts.core.DomainName;

/**
 * The content of one RFC 8460 §4 report (or of one part of a split report): who reports, the UTC day, the
 * report id, the policy domain and one entry per applied policy. Immutable.
 */
public final class Report {
    private final String organizationName;
    private final String contactInfo;
    private final String reportId;
    private final LocalDate day;
    private final DomainName policyDomain;
    private final List<PolicySummary> policies;

    public Report(String organizationName, String contactInfo, String reportId, LocalDate day, DomainName policyDomain,
            List<PolicySummary> policies) {
        this.organizationName = Objects.requireNonNull(organizationName);
        this.contactInfo = Objects.requireNonNull(contactInfo);
        this.reportId = Objects.requireNonNull(reportId);
        this.day = Objects.requireNonNull(day);
        this.policyDomain = Objects.requireNonNull(policyDomain);
        this.policies = List.copyOf(policies);
    }

    public String organizationName() {
        return organizationName;
    }

    public String contactInfo() {
        return contactInfo;
    }

    /** RFC 8460 §4.4 {@code report-id}; also the id-left@id-right of the mail's msg-id (§5.3.1). */
    public String reportId() {
        return reportId;
    }

    /** The UTC day the report covers. */
    public LocalDate day() {
        return day;
    }

    public DomainName policyDomain() {
        return policyDomain;
    }

    public List<PolicySummary> policies() {
        return policies;
    }

    /** {@code start-datetime}: the first second of the day, UTC. */
    public Instant start() {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** {@code end-datetime}: the last second of the day, UTC. */
    public Instant end() {
        return start().plusSeconds(86_399);
    }

    /** The same report with other policy entries and id (for a part of a split report). */
    public Report withPolicies(String newReportId, List<PolicySummary> newPolicies) {
        return new Report(organizationName, contactInfo, newReportId, day, policyDomain, newPolicies);
    }

    /** Sum of {@code total-successful-session-count} over all policies. */
    public long successfulSessions() {
        return policies.stream().mapToLong(PolicySummary::successfulSessions).sum();
    }

    /** Sum of {@code total-failure-session-count} over all policies. */
    public long failedSessions() {
        return policies.stream().mapToLong(PolicySummary::failedSessions).sum();
    }

    @Override
    public String toString() {
        return reportId + " " + policyDomain + " " + day + " " + policies;
    }
}
