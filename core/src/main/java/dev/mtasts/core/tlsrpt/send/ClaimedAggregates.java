package dev.mtasts.core.tlsrpt.send;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.DomainName;

/**
 * The aggregates as the {@link ReportScheduler} of one node of a cluster sees them: every domain with data,
 * less those whose report of the day another node builds ({@link ReportLeases#claim}). The operator's views
 * read the unfiltered source. Thread-safe when the delegates are.
 */
public final class ClaimedAggregates implements AggregateSource {
    private final AggregateSource cluster;
    private final ReportLeases leases;

    public ClaimedAggregates(AggregateSource cluster, ReportLeases leases) {
        this.cluster = Objects.requireNonNull(cluster);
        this.leases = Objects.requireNonNull(leases);
    }

    @Override
    public List<LocalDate> days() {
        return cluster.days();
    }

    /** The domains of {@code day} whose report this node may build: a claim is made for each. */
    @Override
    public List<DomainName> domains(LocalDate day) {
        List<DomainName> mine = new ArrayList<>();
        for (DomainName domain : cluster.domains(day)) {
            if (leases.claim(day, domain) == ReportLeases.Answer.MINE) {
                mine.add(domain);
            }
        }
        return mine;
    }

    @Override
    public Optional<DaySummary> summary(LocalDate day, DomainName domain) {
        return cluster.summary(day, domain);
    }

    @Override
    public void discardBefore(LocalDate oldestKept) {
        cluster.discardBefore(oldestKept);
    }
}
