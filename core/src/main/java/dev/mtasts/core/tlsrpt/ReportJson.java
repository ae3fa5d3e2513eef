package dev.mtasts.core.tlsrpt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Report} as the JSON object of RFC 8460 §4, field names exactly as the RFC spells them.
 * Absent optional fields are omitted, never written as {@code null} or {@code ""}; counts are 64-bit. The
 * output is deterministic: policies in the given order, failure details by count (largest first), then by
 * their fields. Stateless and thread-safe.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter RFC3339_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    private static final Comparator<Optional<String>> OPTIONAL_TEXT = Comparator.comparing(o -> o.orElse(""));
    private static final Comparator<Map.Entry<FailureDetailKey, Long>> DETAIL_ORDER =
            Comparator.<Map.Entry<FailureDetailKey, Long>>comparingLong(e -> -e.getValue())
                    .thenComparing(e -> e.getKey().resultType().wireName())
                    .thenComparing(e -> e.getKey().receivingMxHostname(), OPTIONAL_TEXT)
                    .thenComparing(e -> e.getKey().receivingIp(), OPTIONAL_TEXT)
                    .thenComparing(e -> e.getKey().sendingMtaIp(), OPTIONAL_TEXT)
                    .thenComparing(e -> e.getKey().receivingMxHelo(), OPTIONAL_TEXT)
                    .thenComparing(e -> e.getKey().failureReasonCode(), OPTIONAL_TEXT);

    private ReportJson() {
    }

    /** The report as a Jackson tree. */
    public static ObjectNode toTree(Report report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("organization-name", report.organizationName());
        ObjectNode range = root.putObject("date-range");
        range.put("start-datetime", RFC3339_UTC.format(report.start()));
        range.put("end-datetime", RFC3339_UTC.format(report.end()));
        root.put("contact-info", report.contactInfo());
        root.put("report-id", report.reportId());
        ArrayNode policies = root.putArray("policies");
        for (PolicySummary summary : report.policies()) {
            writePolicy(policies.addObject(), summary);
        }
        return root;
    }

    private static void writePolicy(ObjectNode entry, PolicySummary summary) {
        PolicyKey key = summary.policy();
        ObjectNode policy = entry.putObject("policy");
        policy.put("policy-type", key.policyType());
        // RFC 8460 §4.4: policy-string and mx-host describe an applied policy; a no-policy-found entry has
        // none, so the (optional) arrays are omitted rather than written empty.
        if (!key.policyStrings().isEmpty()) {
            ArrayNode lines = policy.putArray("policy-string");
            key.policyStrings().forEach(lines::add);
        }
        policy.put("policy-domain", key.policyDomain().asciiName()); // RFC 8460 §3: A-label, always present
        if (!key.mxHosts().isEmpty()) {
            ArrayNode mx = policy.putArray("mx-host");
            key.mxHosts().forEach(mx::add);
        }
        ObjectNode counts = entry.putObject("summary");
        counts.put("total-successful-session-count", summary.successfulSessions());
        // SPEC-GAP: failures beyond the recorder's cap on distinct details (overflowFailures) have no detail
        // entry; inventing one (e.g. result-type validation-failure) would report a failure that did not
        // happen. They stay counted here only, so the details may sum to less than this total, which §4.4
        // permits (failure-details is a breakdown, not a partition).
        counts.put("total-failure-session-count", summary.failedSessions());
        if (!summary.failureDetails().isEmpty()) {
            List<Map.Entry<FailureDetailKey, Long>> details = sortedDetails(summary);
            ArrayNode array = entry.putArray("failure-details");
            for (Map.Entry<FailureDetailKey, Long> detail : details) {
                writeDetail(array.addObject(), detail.getKey(), detail.getValue());
            }
        }
    }

    /** The failure details in report order: largest count first, then by their fields. */
    public static List<Map.Entry<FailureDetailKey, Long>> sortedDetails(PolicySummary summary) {
        List<Map.Entry<FailureDetailKey, Long>> details = new ArrayList<>(summary.failureDetails().entrySet());
        details.sort(DETAIL_ORDER);
        return details;
    }

    private static void writeDetail(ObjectNode out, FailureDetailKey key, long count) {
        out.put("result-type", key.resultType().wireName());
        putIfPresent(out, "sending-mta-ip", key.sendingMtaIp());
        putIfPresent(out, "receiving-mx-hostname", key.receivingMxHostname());
        putIfPresent(out, "receiving-mx-helo", key.receivingMxHelo());
        putIfPresent(out, "receiving-ip", key.receivingIp());
        out.put("failed-session-count", count);
        putIfPresent(out, "failure-reason-code", key.failureReasonCode());
    }

    private static void putIfPresent(ObjectNode out, String field, Optional<String> value) {
        value.filter(v -> !v.isEmpty()).ifPresent(v -> out.put(field, v));
    }

    /** The report as UTF-8 JSON bytes. */
    public static byte[] toJson(Report report) {
        try {
            return MAPPER.writeValueAsBytes(toTree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Jackson tree could not be written", e); // cannot happen for a tree
        }
    }

    /** The report as gzip-compressed JSON (RFC 8460 §5.2: reports SHOULD be compressed). */
    public static byte[] toGzip(Report report) {
        return gzip(toJson(report));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return out.toByteArray();
    }
}
