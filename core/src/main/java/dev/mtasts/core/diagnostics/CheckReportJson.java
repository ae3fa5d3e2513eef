package dev.mtasts.core.diagnostics;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link CheckReport} as one JSON document, with the same content as the text:
 * <pre>
 * {"domain": "example.com", "result": "fail", "exit_code": 2,
 *  "counts": {"pass": 6, "warn": 0, "fail": 1, "skipped": 1},
 *  "steps": [{"number": 1, "title": "...", "status": "pass", "summary": "...",
 *             "cause": "...", "fix": "...", "details": ["..."]}, ...]}
 * </pre>
 * {@code cause} and {@code fix} are left out when empty; {@code exit_code} is {@link #exitCode}. One document
 * for every surface: the {@code check --json} command and the WebAdmin route {@code GET /mta-sts/check/DOMAIN}.
 * Stateless and thread-safe.
 */
public final class CheckReportJson {
    /** Every step passed. */
    public static final int ALL_PASSED = 0;
    /** Some step warned, none failed. */
    public static final int WARNINGS = 1;
    /** Some step failed. */
    public static final int FAILURES = 2;

    private CheckReportJson() {
    }

    /** The {@code check} command's exit code for {@code report}: 0 all passed, 1 warnings only, 2 a failure. */
    public static int exitCode(CheckReport report) {
        switch (report.overall()) {
            case PASS:
                return ALL_PASSED;
            case WARN:
                return WARNINGS;
            default:
                return FAILURES;
        }
    }

    /** The document, pretty-printed. */
    public static String write(CheckReport report, ObjectMapper mapper) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree(report, mapper));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The document as a tree (for callers that render JSON themselves). */
    public static ObjectNode tree(CheckReport report, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("domain", report.domain().asciiName());
        root.put("result", name(report.overall()));
        root.put("exit_code", exitCode(report));
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
        return root;
    }

    private static String name(CheckStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
