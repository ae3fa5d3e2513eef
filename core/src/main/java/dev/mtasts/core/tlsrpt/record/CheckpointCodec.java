package dev.mtasts.core.tlsrpt.record;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.ResultType;

/**
 * The JSON form of one UTC day's aggregates as checkpointed on disk: totals (never deltas) per applied
 * policy, field names as RFC 8460 §4.4 spells them where they have one. {@link #decode} is total: any
 * damage gives an invalid result with the reason, never an exception. Thread-safe.
 */
final class CheckpointCodec {
    static final String FORMAT = "tlsrpt-aggregates/1";

    private final ObjectMapper mapper = new ObjectMapper();

    byte[] encode(LocalDate day, List<PolicySummary> policies) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("day", day.toString());
        ArrayNode list = root.putArray("policies");
        for (PolicySummary summary : policies) {
            ObjectNode entry = list.addObject();
            PolicyKey key = summary.policy();
            entry.put("policy-domain", key.policyDomain().asciiName());
            entry.put("policy-type", key.policyType());
            key.policyStrings().forEach(entry.putArray("policy-string")::add);
            key.mxHosts().forEach(entry.putArray("mx-host")::add);
            entry.put("successful", summary.successfulSessions());
            entry.put("overflow", summary.overflowFailures());
            ArrayNode details = entry.putArray("failure-details");
            for (Map.Entry<FailureDetailKey, Long> detail : summary.failureDetails().entrySet()) {
                ObjectNode d = details.addObject();
                FailureDetailKey k = detail.getKey();
                d.put("result-type", k.resultType().wireName());
                k.sendingMtaIp().ifPresent(v -> d.put("sending-mta-ip", v));
                k.receivingIp().ifPresent(v -> d.put("receiving-ip", v));
                k.receivingMxHostname().ifPresent(v -> d.put("receiving-mx-hostname", v));
                k.receivingMxHelo().ifPresent(v -> d.put("receiving-mx-helo", v));
                k.failureReasonCode().ifPresent(v -> d.put("failure-reason-code", v));
                d.put("count", detail.getValue());
            }
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** Reads a checkpoint of {@code day}; invalid when it is not exactly such a file. */
    Parsed<List<PolicySummary>> decode(LocalDate day, byte[] bytes) {
        try {
            JsonNode root = mapper.readTree(bytes);
            if (root == null || !root.isObject()) {
                return Parsed.invalid(0, "not a JSON object");
            }
            if (!FORMAT.equals(root.path("format").asText(null))) {
                return Parsed.invalid(0, "format is not " + FORMAT);
            }
            if (!day.toString().equals(root.path("day").asText(null))) {
                return Parsed.invalid(0, "day is not " + day);
            }
            JsonNode policies = root.path("policies");
            if (!policies.isArray()) {
                return Parsed.invalid(0, "policies is not an array");
            }
            List<PolicySummary> result = new ArrayList<>();
            for (JsonNode entry : policies) {
                String problem = decodePolicy(entry, result);
                if (problem != null) {
                    return Parsed.invalid(0, "policy entry " + (result.size() + 1) + ": " + problem);
                }
            }
            return Parsed.valid(result);
        } catch (IOException | RuntimeException e) {
            return Parsed.invalid(0, "unreadable JSON: " + e.getMessage());
        }
    }

    private static String decodePolicy(JsonNode entry, List<PolicySummary> out) {
        Parsed<DomainName> domain = DomainName.parse(entry.path("policy-domain").asText(""));
        if (!domain.isValid()) {
            return "policy-domain: " + domain.describeErrors();
        }
        String type = entry.path("policy-type").asText("");
        if (!PolicyKey.STS.equals(type) && !PolicyKey.NO_POLICY_FOUND.equals(type)) {
            return "unknown policy-type '" + type + "'";
        }
        List<String> strings = strings(entry.path("policy-string"));
        List<String> mxHosts = strings(entry.path("mx-host"));
        long successful = count(entry.path("successful"));
        long overflow = count(entry.path("overflow"));
        if (strings == null || mxHosts == null || successful < 0 || overflow < 0) {
            return "policy-string, mx-host, successful or overflow missing or invalid";
        }
        JsonNode details = entry.path("failure-details");
        if (!details.isArray()) {
            return "failure-details is not an array";
        }
        Map<FailureDetailKey, Long> counts = new HashMap<>();
        long failed = overflow;
        for (JsonNode d : details) {
            ResultType resultType = ResultType.fromWireName(d.path("result-type").asText(""));
            long count = count(d.path("count"));
            if (resultType == null || count < 0) {
                return "a failure detail has an unknown result-type or an invalid count";
            }
            FailureDetailKey key = new FailureDetailKey(resultType, optional(d, "sending-mta-ip"),
                    optional(d, "receiving-ip"), optional(d, "receiving-mx-hostname"), optional(d, "receiving-mx-helo"),
                    optional(d, "failure-reason-code"));
            counts.merge(key, count, Long::sum);
            failed += count;
        }
        PolicyKey key = new PolicyKey(type, domain.value(), strings, mxHosts);
        out.add(new PolicySummary(key, successful, failed, counts, overflow));
        return null;
    }

    private static List<String> strings(JsonNode node) {
        if (!node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            JsonNode value = it.next();
            if (!value.isTextual()) {
                return null;
            }
            values.add(value.asText());
        }
        return values;
    }

    private static long count(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : -1;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
