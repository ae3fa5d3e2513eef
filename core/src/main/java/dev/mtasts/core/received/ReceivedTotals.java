package dev.mtasts.core.received;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.mtasts.core.DomainName;

/** Adds received reports up per own domain and UTC day. Pure, stateless and thread-safe. */
public final class ReceivedTotals {
    private ReceivedTotals() {
    }

    /** One entry per (policy domain, report day) found in {@code reports}, by domain then day. */
    public static List<ReceivedDomainDay> of(List<ReceivedReport> reports) {
        Map<DomainName, Map<LocalDate, ReceivedDomainDay>> byDomain = new TreeMap<>();
        for (ReceivedReport report : reports) {
            for (ReceivedPolicy policy : report.policies()) {
                byDomain.computeIfAbsent(policy.policyDomain(), d -> new TreeMap<>())
                        .computeIfAbsent(report.day(), day -> new ReceivedDomainDay(policy.policyDomain(), day))
                        .add(report, policy);
            }
        }
        List<ReceivedDomainDay> out = new ArrayList<>();
        byDomain.values().forEach(days -> days.values().forEach(day -> out.add(day.sealed())));
        return out;
    }
}
