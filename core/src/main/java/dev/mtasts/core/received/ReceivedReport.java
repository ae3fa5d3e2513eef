package dev.mtasts.core.received;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * A TLS report another sender sent us (RFC 8460 §4.4), as parsed by {@link ReceivedReportParser}: every
 * string cleaned and capped, counts checked, the date range as instants. Immutable.
 */
public final class ReceivedReport {
    private final String organizationName;
    private final Instant start;
    private final Instant end;
    private final String contactInfo;
    private final String reportId;
    private final List<ReceivedPolicy> policies;

    ReceivedReport(String organizationName, Instant start, Instant end, String contactInfo, String reportId,
            List<ReceivedPolicy> policies) {
        this.organizationName = Objects.requireNonNull(organizationName);
        this.start = Objects.requireNonNull(start);
        this.end = Objects.requireNonNull(end);
        this.contactInfo = Objects.requireNonNull(contactInfo);
        this.reportId = Objects.requireNonNull(reportId);
        this.policies = List.copyOf(policies);
    }

    /** {@code organization-name}, cleaned; empty when the reporter left it out. */
    public String organizationName() {
        return organizationName;
    }

    /** {@code date-range.start-datetime}. */
    public Instant start() {
        return start;
    }

    /** {@code date-range.end-datetime}. */
    public Instant end() {
        return end;
    }

    /** The UTC day the report is about: the day of its start. */
    public LocalDate day() {
        return start.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** {@code contact-info}, cleaned; empty when left out. */
    public String contactInfo() {
        return contactInfo;
    }

    /** {@code report-id}, cleaned (never empty). */
    public String reportId() {
        return reportId;
    }

    public List<ReceivedPolicy> policies() {
        return policies;
    }

    /** Who sent it, for views: the organization name, else the contact, else the report id. */
    public String reporter() {
        if (!organizationName.isEmpty()) {
            return organizationName;
        }
        return contactInfo.isEmpty() ? reportId : contactInfo;
    }

    @Override
    public String toString() {
        return reportId + " from " + reporter() + " " + day() + " " + policies;
    }
}
