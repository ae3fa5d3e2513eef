package dev.mtasts.core.tlsrpt.send;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.tlsrpt.DomainDayTotals;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.ResultType;

/**
 * The JSON document of one UTC day of TLS reporting:
 * <pre>
 * {"day": "2026-11-28", "successful_sessions": 3, "failed_sessions": 1,
 *  "domains": [{"domain": "example.com", "successful_sessions": 3, "failed_sessions": 1,
 *               "failures": {"certificate-expired": 1}, "untyped_failures": 0}],
 *  "reports": [{"file": "sender.example!example.com!1764288000!1764374399.json.gz", "domain": "example.com",
 *               "report_id": "...", "created": "2026-11-29T02:10:00Z", "note": "...",
 *               "destinations": [{"uri": "mailto:tlsrpt@example.com", "state": "delivered", "attempts": 1,
 *                                 "first_attempt": "...", "last_attempt": "...", "last_error": "...",
 *                                 "next_attempt": "..."}]}]}
 * </pre>
 * {@code failures} holds the failed sessions by TLS-RPT result type (RFC 8460 §4.3); a report without a
 * status file has no {@code report_id}, {@code created} and no destinations; absent optional values and an
 * empty {@code note} are left out. The one document for a day, used by the WebAdmin route
 * {@code GET /mta-sts/reports/DAY} and by the {@code report summary --json} command. Stateless and
 * thread-safe.
 */
public final class ReportDayJson {
    private final ObjectMapper mapper;

    public ReportDayJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * One day: the totals of each domain, then each report file of the day with its status when there is one.
     *
     * @param files    report files of any days (those of other days are left out)
     * @param statuses report statuses of any days; a status whose file is gone is listed too
     */
    public ObjectNode day(LocalDate day, List<DomainDayTotals> domains, List<ReportFileName> files,
            List<ReportStatus> statuses) {
        List<ReportFileName> ofDay = new ArrayList<>();
        for (ReportFileName file : files) {
            if (file.day().equals(day)) {
                ofDay.add(file);
            }
        }
        Map<ReportFileName, ReportStatus> byFile = new HashMap<>();
        for (ReportStatus status : statuses) {
            byFile.put(status.fileName(), status);
            if (status.day().equals(day) && !ofDay.contains(status.fileName())) {
                ofDay.add(status.fileName());
            }
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("day", day.toString());
        node.put("successful_sessions", domains.stream().mapToLong(DomainDayTotals::successfulSessions).sum());
        node.put("failed_sessions", domains.stream().mapToLong(DomainDayTotals::failedSessions).sum());
        ArrayNode list = node.putArray("domains");
        for (DomainDayTotals totals : domains) {
            list.add(domain(totals));
        }
        ArrayNode reports = node.putArray("reports");
        for (ReportFileName file : ofDay) {
            reports.add(report(file, Optional.ofNullable(byFile.get(file))));
        }
        return node;
    }

    private ObjectNode domain(DomainDayTotals totals) {
        ObjectNode node = mapper.createObjectNode();
        node.put("domain", totals.domain().asciiName());
        node.put("successful_sessions", totals.successfulSessions());
        node.put("failed_sessions", totals.failedSessions());
        ObjectNode failures = node.putObject("failures");
        for (Map.Entry<ResultType, Long> entry : totals.failuresByResultType().entrySet()) {
            failures.put(entry.getKey().wireName(), entry.getValue());
        }
        node.put("untyped_failures", totals.untypedFailures());
        return node;
    }

    private ObjectNode report(ReportFileName file, Optional<ReportStatus> status) {
        ObjectNode node = mapper.createObjectNode();
        node.put("file", file.toString());
        node.put("domain", file.policyDomain().asciiName());
        ArrayNode destinations = mapper.createArrayNode();
        status.ifPresent(s -> {
            node.put("report_id", s.reportId());
            node.put("created", s.createdAt().toString());
            if (!s.note().isEmpty()) {
                node.put("note", s.note());
            }
            for (DeliveryStatus destination : s.destinations()) {
                destinations.add(destination(destination));
            }
        });
        node.set("destinations", destinations);
        return node;
    }

    private ObjectNode destination(DeliveryStatus destination) {
        ObjectNode node = mapper.createObjectNode();
        node.put("uri", destination.uri());
        node.put("state", destination.state().name().toLowerCase(Locale.ROOT));
        node.put("attempts", destination.attempts());
        destination.firstAttempt().ifPresent(t -> node.put("first_attempt", t.toString()));
        destination.lastAttempt().ifPresent(t -> node.put("last_attempt", t.toString()));
        destination.lastError().ifPresent(e -> node.put("last_error", e));
        destination.nextAttempt().ifPresent(t -> node.put("next_attempt", t.toString()));
        return node;
    }
}
