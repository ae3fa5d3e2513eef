package dev.mtasts.core.tlsrpt.send;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.DomainName;

/** Day summaries held in maps, for tests. */
public final class InMemoryAggregateSource implements AggregateSource {
    private final TreeMap<LocalDate, TreeMap<DomainName, DaySummary>> days = new TreeMap<>();

    public synchronized InMemoryAggregateSource add(DaySummary summary) {
        days.computeIfAbsent(summary.day(), d -> new TreeMap<>()).put(summary.policyDomain(), summary);
        return this;
    }

    @Override
    public synchronized List<LocalDate> days() {
        return new ArrayList<>(days.keySet());
    }

    @Override
    public synchronized List<DomainName> domains(LocalDate day) {
        Map<DomainName, DaySummary> domains = days.get(day);
        return domains == null ? List.of() : new ArrayList<>(domains.keySet());
    }

    @Override
    public synchronized Optional<DaySummary> summary(LocalDate day, DomainName domain) {
        Map<DomainName, DaySummary> domains = days.get(day);
        return domains == null ? Optional.empty() : Optional.ofNullable(domains.get(domain));
    }

    @Override
    public synchronized void discardBefore(LocalDate oldestKept) {
        days.headMap(oldestKept).clear();
    }
}
