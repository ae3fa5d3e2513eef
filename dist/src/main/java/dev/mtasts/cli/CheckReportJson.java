package dev.mtasts.cli;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.diagnostics.CheckReport;
import dev.mtasts.core.diagnostics.CheckStatus;
import dev.mtasts.core.diagnostics.CheckStep;

/**
 * A {@link CheckReport} as one JSON document, with the same content as the text:
 * <pre>
 * {"domain": "example.com", "result": "fail", "exit_code": 2,
 *  "counts": {"pass": 6, "warn": 0, "fail": 1, "skipped": 1},
 *  "steps": [{"number": 1, "title": "...", "status": "pass", "summary": "...",
 *             "cause": "...", "fix": "...", "details": ["..."]}, ...]}
 * </pre>
 * {@code cause} and {@code fix} are left out when empty. Stateless.
 */
final class CheckReportJson {
    private CheckReportJson() {
    }

    static String write(CheckReport report, int exitCode, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("domain", report.domain().asciiName());
        root.put("result", name(report.overall()));
        root.put("exit_code", exitCode);
        ObjectNode counts = root.putObject("counts");
        for (CheckStatus status : CheckStatus.values()) {
            counts.put(name(status), report.count(status));
        }
        ArrayNode steps = root.putArray("steps");
        for (CheckStep step : report.steps()) {
            ObjectNode node = steps.addObject();
            node.put("number", step.number());
            node.put("title", step.title());
            node.put("status", name(step.status()));
            node.put("summary", step.summary());
            if (!step.cause().isEmpty()) {
                node.put("cause", step.cause());
            }
            if (!step.fix().isEmpty()) {
                node.put("fix", step.fix());
            }
            ArrayNode details = node.putArray("details");
            step.details().forEach(details::add);
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static String name(CheckStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
