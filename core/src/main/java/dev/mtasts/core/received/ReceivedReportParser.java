package dev.mtasts.core.received;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;

/**
 * Parses a received TLS report (RFC 8460 §4.4), gzipped or not: liberal in what it accepts (extra fields,
 * missing optional fields, fractional seconds or an offset in timestamps, counts written as digit strings)
 * and strict in what it counts (every count a non-negative 64-bit integer, every policy with a valid domain
 * and a summary). Pure and total: a {@link ReceivedReport} or the reasons, never an exception; input beyond
 * the {@link ReceivedLimits} is refused before a tree is built. Thread-safe.
 */
public final class ReceivedReportParser {
    private static final int TEXT_MAX = 256;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ReceivedLimits limits;

    public ReceivedReportParser(ReceivedLimits limits) {
        this.limits = limits;
    }

    /** The report in {@code attachment} (gzip or JSON bytes). */
    public Parsed<ReceivedReport> parse(byte[] attachment) {
        Parsed<byte[]> json = ReportBytes.json(attachment, limits);
        if (!json.isValid()) {
            return Parsed.invalid(json.errors());
        }
        return parseJson(json.value());
    }

    /** The report JSON in {@code attachment}: gunzipped when it is gzip, within the size limit. */
    public Parsed<byte[]> inflate(byte[] attachment) {
        return ReportBytes.json(attachment, limits);
    }

    /** The report in {@code json} (already inflated). */
    public Parsed<ReceivedReport> parseJson(byte[] json) {
        String problem = JsonShape.problem(json, limits);
        if (!problem.isEmpty()) {
            return Parsed.invalid(0, problem);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException | RuntimeException e) {
            return Parsed.invalid(0, "the report is not valid JSON: " + RemoteText.clean(e.getMessage(), 200));
        }
        return new Reading().report(root);
    }

    /** One parse: collects reasons and warnings as it goes. */
    private static final class Reading {
        private final List<ParseError> errors = new ArrayList<>();
        private final List<ParseError> warnings = new ArrayList<>();

        Parsed<ReceivedReport> report(JsonNode root) {
            if (root == null || !root.isObject()) {
                return Parsed.invalid(0, "the report is not a JSON object");
            }
            String reportId = text(root, "report-id", TEXT_MAX).orElse("");
            if (reportId.isEmpty()) {
                errors.add(new ParseError(0, "report-id is missing or empty"));
            }
            JsonNode range = root.path("date-range");
            Optional<Instant> start = time(range, "start-datetime");
            Optional<Instant> end = time(range, "end-datetime");
            List<ReceivedPolicy> policies = new ArrayList<>();
            JsonNode list = root.path("policies");
            if (!list.isArray()) {
                errors.add(new ParseError(0, "policies is missing or not an array"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    policy(list.get(i), "policies[" + i + "]").ifPresent(policies::add);
                }
            }
            if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
                errors.add(new ParseError(0, "date-range ends before it starts"));
            }
            if (!errors.isEmpty()) {
                return Parsed.invalid(errors, warnings);
            }
            return Parsed.valid(new ReceivedReport(text(root, "organization-name", TEXT_MAX).orElse(""),
                    start.get(), end.get(), text(root, "contact-info", TEXT_MAX).orElse(""), reportId, policies),
                    warnings);
        }

        private Optional<ReceivedPolicy> policy(JsonNode entry, String where) {
            int before = errors.size();
            JsonNode policy = entry.path("policy");
            String type = text(policy, "policy-type", 64).orElse("");
            if (type.isEmpty()) {
                errors.add(new ParseError(0, where + ".policy.policy-type is missing"));
            }
            Optional<DomainName> domain = Optional.empty();
            Optional<String> domainText = text(policy, "policy-domain", TEXT_MAX);
            if (domainText.isEmpty()) {
                errors.add(new ParseError(0, where + ".policy.policy-domain is missing"));
            } else {
                Parsed<DomainName> parsed = DomainName.parse(domainText.get());
                if (parsed.isValid()) {
                    domain = Optional.of(parsed.value());
                } else {
                    errors.add(new ParseError(0, where + ".policy.policy-domain: " + parsed.describeErrors()));
                }
            }
            JsonNode summary = entry.path("summary");
            long ok = count(summary, "total-successful-session-count", where + ".summary");
            long failed = count(summary, "total-failure-session-count", where + ".summary");
            List<ReceivedFailure> failures = new ArrayList<>();
            JsonNode details = entry.path("failure-details");
            if (details.isArray()) {
                for (int i = 0; i < details.size(); i++) {
                    failure(details.get(i), where + ".failure-details[" + i + "]").ifPresent(failures::add);
                }
            } else if (!details.isMissingNode() && !details.isNull()) {
                warnings.add(new ParseError(0, where + ".failure-details is not an array: ignored"));
            }
            if (errors.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new ReceivedPolicy(type, domain.get(), texts(policy, "policy-string", 512),
                    texts(policy, "mx-host", RemoteText.HOST_NAME_MAX), ok, failed, failures));
        }

        private Optional<ReceivedFailure> failure(JsonNode detail, String where) {
            int before = errors.size();
            Optional<String> type = text(detail, "result-type", 64);
            if (type.isEmpty()) {
                errors.add(new ParseError(0, where + ".result-type is missing"));
            }
            long count = count(detail, "failed-session-count", where);
            if (errors.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new ReceivedFailure(type.get(), text(detail, "sending-mta-ip", 64),
                    text(detail, "receiving-ip", 64), text(detail, "receiving-mx-hostname", RemoteText.HOST_NAME_MAX),
                    text(detail, "receiving-mx-helo", RemoteText.HOST_NAME_MAX), count,
                    text(detail, "failure-reason-code", TEXT_MAX), text(detail, "additional-information", TEXT_MAX)));
        }

        /** A 64-bit count >= 0; a digit string is accepted with a warning. Records an error otherwise (-1). */
        private long count(JsonNode parent, String field, String where) {
            JsonNode node = parent.path(field);
            if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
                return node.asLong();
            }
            if (node.isTextual() && node.asText().matches("[0-9]{1,18}")) {
                warnings.add(new ParseError(0, where + "." + field + " is a string, not a number"));
                return Long.parseLong(node.asText());
            }
            errors.add(new ParseError(0, where + "." + field + (node.isMissingNode() ? " is missing"
                    : " is not a non-negative 64-bit integer: " + RemoteText.clean(node.toString(), 40))));
            return -1;
        }

        /** A timestamp of RFC 3339 with or without fractional seconds; without an offset read as UTC. */
        private Optional<Instant> time(JsonNode range, String field) {
            Optional<String> text = text(range, field, 64);
            if (text.isEmpty()) {
                errors.add(new ParseError(0, "date-range." + field + " is missing"));
                return Optional.empty();
            }
            try {
                return Optional.of(OffsetDateTime.parse(text.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                try {
                    Instant utc = LocalDateTime.parse(text.get()).toInstant(ZoneOffset.UTC);
                    warnings.add(new ParseError(0, "date-range." + field + " has no offset: read as UTC"));
                    return Optional.of(utc);
                } catch (DateTimeParseException e2) {
                    errors.add(new ParseError(0, "date-range." + field + " is not an RFC 3339 date-time: " + text.get()));
                    return Optional.empty();
                }
            }
        }

        /** A scalar field as cleaned text; absent, null, empty or an object/array gives empty. */
        private Optional<String> text(JsonNode parent, String field, int max) {
            JsonNode node = parent.path(field);
            if (node.isMissingNode() || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isValueNode()) {
                warnings.add(new ParseError(0, field + " is not a string: ignored"));
                return Optional.empty();
            }
            String text = node.asText().trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(RemoteText.clean(text, max));
        }

        private List<String> texts(JsonNode parent, String field, int max) {
            List<String> out = new ArrayList<>();
            JsonNode node = parent.path(field);
            if (node.isArray()) {
                for (JsonNode item : node) {
                    if (item.isValueNode() && !item.isNull()) {
                        out.add(RemoteText.clean(item.asText(), max));
                    }
                }
            }
            return out;
        }
    }
}
