package dev.mtasts.james.webadmin;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.received.ReceivedDomainDay;
import dev.mtasts.core.received.ReceivedFailure;

/**
 * The JSON of what receivers reported about one of our domains on one UTC day:
 * <pre>
 * {"day": "2026-11-28", "reports": 2, "successful_sessions": 1352, "failed_sessions": 20,
 *  "failures": {"starttls-not-supported": 3, "sts-policy-fetch-error": 17},
 *  "reporters": [{"reporter": "Office Suite Corporation", "successful_sessions": 0, "failed_sessions": 17}],
 *  "details": [{"reporter": "...", "policy_type": "no-policy-found", "result_type": "sts-policy-fetch-error",
 *               "failed_sessions": 17, "receiving_mx_hostname": "mx1.example.com",
 *               "failure_reason_code": "policy is missing"}]}
 * </pre>
 * Absent optional fields are left out. Every string was cleaned by the parser; the JSON encoder escapes the
 * rest. Stateless and thread-safe.
 */
final class ReceivedJson {
    private final ObjectMapper mapper;

    ReceivedJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The WebAdmin path that runs the {@code check} walk for {@code domain}. */
    static String checkPath(DomainName domain) {
        return MtaStsCheckRoutes.BASE_PATH + "/" + domain.asciiName();
    }

    /** One domain with its days, totals over the days first. */
    ObjectNode domain(DomainName domain, List<ReceivedDomainDay> days) {
        ObjectNode node = mapper.createObjectNode();
        node.put("domain", domain.asciiName());
        node.put("check", checkPath(domain));
        long ok = 0;
        long failed = 0;
        ObjectNode failures = mapper.createObjectNode();
        for (ReceivedDomainDay day : days) {
            ok = ReceivedDomainDay.plus(ok, day.successfulSessions());
            failed = ReceivedDomainDay.plus(failed, day.failedSessions());
            day.failuresByResultType().forEach((type, count) ->
                failures.put(type, ReceivedDomainDay.plus(failures.path(type).asLong(0), count)));
        }
        node.put("successful_sessions", ok);
        node.put("failed_sessions", failed);
        node.set("failures", failures);
        ArrayNode list = node.putArray("days");
        days.forEach(day -> list.add(day(day)));
        return node;
    }

    ObjectNode day(ReceivedDomainDay day) {
        ObjectNode node = mapper.createObjectNode();
        node.put("day", day.day().toString());
        node.put("reports", day.reports());
        node.put("successful_sessions", day.successfulSessions());
        node.put("failed_sessions", day.failedSessions());
        ObjectNode failures = node.putObject("failures");
        day.failuresByResultType().forEach(failures::put);
        ArrayNode reporters = node.putArray("reporters");
        for (Map.Entry<String, long[]> reporter : day.byReporter().entrySet()) {
            ObjectNode entry = reporters.addObject();
            entry.put("reporter", reporter.getKey());
            entry.put("successful_sessions", reporter.getValue()[0]);
            entry.put("failed_sessions", reporter.getValue()[1]);
        }
        ArrayNode details = node.putArray("details");
        for (ReceivedDomainDay.Detail detail : day.details()) {
            details.add(detail(detail));
        }
        return node;
    }

    private ObjectNode detail(ReceivedDomainDay.Detail detail) {
        ReceivedFailure failure = detail.failure();
        ObjectNode node = mapper.createObjectNode();
        node.put("reporter", detail.reporter());
        node.put("policy_type", detail.policyType());
        node.put("result_type", failure.resultType());
        node.put("failed_sessions", failure.failedSessions());
        failure.receivingMxHostname().ifPresent(v -> node.put("receiving_mx_hostname", v));
        failure.receivingMxHelo().ifPresent(v -> node.put("receiving_mx_helo", v));
        failure.receivingIp().ifPresent(v -> node.put("receiving_ip", v));
        failure.sendingMtaIp().ifPresent(v -> node.put("sending_mta_ip", v));
        failure.failureReasonCode().ifPresent(v -> node.put("failure_reason_code", v));
        failure.additionalInformation().ifPresent(v -> node.put("additional_information", v));
        return node;
    }
}
