package dev.mtasts.james.webadmin;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.received.ReceivedDomainDay;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.received.ReceivedTotals;
import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.DomainDayTotals;

/**
 * The data behind the dashboard page, one JSON document per request:
 * <pre>
 * {"from": "2026-11-05", "to": "2026-12-04", "days": ["2026-11-05", ...],
 *  "outbound": {"all": SERIES, "domains": [{"domain": "example.com", "successful_sessions": 9,
 *               "failed_sessions": 2, "failures": {"certificate-expired": 2}, "check": "/mta-sts/check/example.com",
 *               "series": SERIES}]},
 *  "inbound": {"set_aside": 0, "duplicates": 1, "domains": [{... as outbound ..., "details": [...]}]}}
 * SERIES = [{"result": "success", "values": [one count per day]}, {"result": "certificate-expired", ...}]
 * </pre>
 * Outbound: this server's own sessions per recipient domain (the TLS-RPT aggregates); failures whose detail
 * was not kept count as {@code untyped}. Inbound: what receivers reported about our domains. Series list
 * {@code success} first, then failure types in RFC 8460 order, then unknown types; a type with no session
 * in the window is left out. Outbound domains: those with the most failures first, at most
 * {@value #MAX_DOMAINS}. Stateless and thread-safe.
 */
final class DashboardJson {
    static final int MAX_DOMAINS = 20;
    static final String SUCCESS = "success";
    static final String UNTYPED = "untyped";
    private static final int MAX_INBOUND_DETAILS = 20;

    private final ObjectMapper mapper;
    private final ReceivedJson received;

    DashboardJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.received = new ReceivedJson(mapper);
    }

    ObjectNode document(DayWindow window, AggregateSource outbound, ReceivedReportStore inbound) throws IOException {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = window.from(); !day.isAfter(window.to()); day = day.plusDays(1)) {
            days.add(day);
        }
        ObjectNode root = mapper.createObjectNode();
        root.put("from", window.from().toString());
        root.put("to", window.to().toString());
        ArrayNode dayList = root.putArray("days");
        days.forEach(day -> dayList.add(day.toString()));
        root.set("outbound", outbound(days, outbound));
        root.set("inbound", inbound(window, days, inbound));
        return root;
    }

    private ObjectNode outbound(List<LocalDate> days, AggregateSource source) {
        Series all = new Series(days.size());
        Map<DomainName, Series> byDomain = new TreeMap<>();
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            for (DomainName domain : source.domains(day)) {
                int index = i;
                source.summary(day, domain).map(DomainDayTotals::of).ifPresent(totals -> {
                    all.add(index, totals);
                    byDomain.computeIfAbsent(domain, d -> new Series(days.size())).add(index, totals);
                });
            }
        }
        List<Map.Entry<DomainName, Series>> ranked = new ArrayList<>(byDomain.entrySet());
        ranked.sort(Comparator.<Map.Entry<DomainName, Series>>comparingLong(e -> -e.getValue().failed())
            .thenComparingLong(e -> -e.getValue().successful()).thenComparing(Map.Entry::getKey));
        ObjectNode node = mapper.createObjectNode();
        node.set("all", all.json());
        ArrayNode domains = node.putArray("domains");
        for (Map.Entry<DomainName, Series> entry : ranked.subList(0, Math.min(MAX_DOMAINS, ranked.size()))) {
            domains.add(domainNode(entry.getKey(), entry.getValue()));
        }
        return node;
    }

    private ObjectNode inbound(DayWindow window, List<LocalDate> days, ReceivedReportStore store) throws IOException {
        Map<DomainName, Series> byDomain = new TreeMap<>();
        Map<DomainName, List<ReceivedDomainDay>> dayLists = new LinkedHashMap<>();
        for (ReceivedDomainDay day : ReceivedTotals.of(store.reports(window.from(), window.to()))) {
            byDomain.computeIfAbsent(day.domain(), d -> new Series(days.size()))
                .add(days.indexOf(day.day()), day);
            dayLists.computeIfAbsent(day.domain(), d -> new ArrayList<>()).add(day);
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("set_aside", store.setAside().size());
        node.put("duplicates", store.duplicates());
        ArrayNode domains = node.putArray("domains");
        for (Map.Entry<DomainName, Series> entry : byDomain.entrySet()) {
            ObjectNode domain = domainNode(entry.getKey(), entry.getValue());
            ArrayNode details = domain.putArray("details");
            List<ReceivedDomainDay> newestFirst = new ArrayList<>(dayLists.get(entry.getKey()));
            newestFirst.sort(Comparator.comparing(ReceivedDomainDay::day).reversed());
            for (ReceivedDomainDay day : newestFirst) {
                for (var detail : received.day(day).path("details")) {
                    if (details.size() < MAX_INBOUND_DETAILS) {
                        ((ObjectNode) detail).put("day", day.day().toString());
                        details.add(detail);
                    }
                }
            }
            domains.add(domain);
        }
        return node;
    }

    private ObjectNode domainNode(DomainName domain, Series series) {
        ObjectNode node = mapper.createObjectNode();
        node.put("domain", domain.asciiName());
        node.put("check", ReceivedJson.checkPath(domain));
        node.put("successful_sessions", series.successful());
        node.put("failed_sessions", series.failed());
        ObjectNode failures = node.putObject("failures");
        series.counts.forEach((result, values) -> {
            if (!result.equals(SUCCESS)) {
                failures.put(result, sum(values));
            }
        });
        node.set("series", series.json());
        return node;
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long value : values) {
            total = ReceivedDomainDay.plus(total, value);
        }
        return total;
    }

    /** Counts per result per day; results ordered success, RFC 8460 types, others. Not thread-safe. */
    private final class Series {
        private final int days;
        private final Map<String, long[]> counts = new TreeMap<>(Comparator.comparingInt(DashboardJson::rank)
            .thenComparing(Comparator.naturalOrder()));

        Series(int days) {
            this.days = days;
        }

        void add(int day, DomainDayTotals totals) {
            add(SUCCESS, day, totals.successfulSessions());
            totals.failuresByResultType().forEach((type, count) -> add(type.wireName(), day, count));
            add(UNTYPED, day, totals.untypedFailures());
        }

        void add(int day, ReceivedDomainDay totals) {
            add(SUCCESS, day, totals.successfulSessions());
            totals.failuresByResultType().forEach((type, count) -> add(type, day, count));
        }

        private void add(String result, int day, long count) {
            if (count > 0 && day >= 0) {
                long[] values = counts.computeIfAbsent(result, r -> new long[days]);
                values[day] = ReceivedDomainDay.plus(values[day], count);
            }
        }

        long successful() {
            return counts.containsKey(SUCCESS) ? sum(counts.get(SUCCESS)) : 0;
        }

        long failed() {
            long total = 0;
            for (Map.Entry<String, long[]> entry : counts.entrySet()) {
                if (!entry.getKey().equals(SUCCESS)) {
                    total = ReceivedDomainDay.plus(total, sum(entry.getValue()));
                }
            }
            return total;
        }

        ArrayNode json() {
            ArrayNode list = mapper.createArrayNode();
            counts.forEach((result, values) -> {
                ObjectNode entry = list.addObject();
                entry.put("result", result);
                ArrayNode array = entry.putArray("values");
                for (long value : values) {
                    array.add(value);
                }
            });
            return list;
        }
    }

    private static int rank(String result) {
        if (result.equals(SUCCESS)) {
            return -1;
        }
        ResultType type = ResultType.fromWireName(result);
        return type == null ? ResultType.values().length : type.ordinal();
    }
}
