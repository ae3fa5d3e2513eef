package dev.mtasts.core.received;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.mtasts.core.DomainName;

/**
 * What the reporters said about one of our domains on one UTC day, added up over their reports: sessions
 * that succeeded and failed, failed sessions by result type and by reporter, and the failure details
 * (the largest first, at most {@link #MAX_DETAILS}). Counts saturate at {@link Long#MAX_VALUE} rather than
 * wrap. Immutable once built by {@link ReceivedTotals}.
 */
public final class ReceivedDomainDay {
    /** Failure details kept per domain and day; the rest still count in the totals. */
    public static final int MAX_DETAILS = 100;

    private final DomainName domain;
    private final LocalDate day;
    private long successfulSessions;
    private long failedSessions;
    private final Map<String, Long> failuresByResultType = new TreeMap<>();
    private final Map<String, long[]> byReporter = new TreeMap<>();
    private final List<Detail> details = new ArrayList<>();
    private int reports;

    ReceivedDomainDay(DomainName domain, LocalDate day) {
        this.domain = domain;
        this.day = day;
    }

    void add(ReceivedReport report, ReceivedPolicy policy) {
        reports++;
        successfulSessions = plus(successfulSessions, policy.successfulSessions());
        failedSessions = plus(failedSessions, policy.failedSessions());
        long[] reporter = byReporter.computeIfAbsent(report.reporter(), r -> new long[2]);
        reporter[0] = plus(reporter[0], policy.successfulSessions());
        reporter[1] = plus(reporter[1], policy.failedSessions());
        for (ReceivedFailure failure : policy.failures()) {
            failuresByResultType.merge(failure.resultType(), failure.failedSessions(), ReceivedDomainDay::plus);
            details.add(new Detail(report.reporter(), policy.policyType(), failure));
        }
    }

    ReceivedDomainDay sealed() {
        details.sort((a, b) -> Long.compare(b.failure().failedSessions(), a.failure().failedSessions()));
        if (details.size() > MAX_DETAILS) {
            details.subList(MAX_DETAILS, details.size()).clear();
        }
        return this;
    }

    /** {@code a + b} for counts from remote reports: {@link Long#MAX_VALUE} instead of wrapping. */
    public static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    public DomainName domain() {
        return domain;
    }

    public LocalDate day() {
        return day;
    }

    /** How many report policies (one per reporter and applied policy) were added up. */
    public int reports() {
        return reports;
    }

    public long successfulSessions() {
        return successfulSessions;
    }

    public long failedSessions() {
        return failedSessions;
    }

    /** Failed sessions per {@code result-type} as reported, sorted by type; a type without failures is absent. */
    public Map<String, Long> failuresByResultType() {
        return Collections.unmodifiableMap(failuresByResultType);
    }

    /** Per reporter (organization name): {@code [successful, failed]}, sorted by reporter. */
    public Map<String, long[]> byReporter() {
        return Collections.unmodifiableMap(byReporter);
    }

    public List<Detail> details() {
        return Collections.unmodifiableList(details);
    }

    /** One failure detail with who reported it under which policy type. Immutable. */
    public static final class Detail {
        private final String reporter;
        private final String policyType;
        private final ReceivedFailure failure;

        Detail(String reporter, String policyType, ReceivedFailure failure) {
            this.reporter = reporter;
            this.policyType = policyType;
            this.failure = failure;
        }

        public String reporter() {
            return reporter;
        }

        public String policyType() {
            return policyType;
        }

        public ReceivedFailure failure() {
            return failure;
        }
    }
}
