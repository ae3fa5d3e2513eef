package dev.mtasts.core.tlsrpt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.mtasts.core.tlsrpt.send.ReportSettings;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;

/** Sample aggregates and report checks shared by the TLS-RPT report tests. */
public final class ReportFixtures {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final LocalDate DAY = LocalDate.of(2026, 11, 27);
    public static final DomainName DOMAIN = DomainName.of("company-y.example");
    public static final DomainName SUBMITTER = DomainName.of("mail.sender.example");
    private static final JsonSchema SCHEMA = loadSchema();

    private ReportFixtures() {
    }

    public static ReportSettings settings() {
        return ReportSettings.builder().organizationName("Sender Org").contactInfo("tlsrpt@mail.sender.example")
                .sendingEnabled(true).build();
    }

    public static PolicyKey stsPolicy(DomainName domain) {
        return new PolicyKey(PolicyKey.STS, domain, List.of("version: STSv1", "mode: testing",
                "mx: *.mail." + domain, "max_age: 86400"), List.of("*.mail." + domain));
    }

    /** The RFC 8460 §4.5-like sample: one sts policy with two kinds of failure, plus a no-policy-found entry. */
    public static DaySummary sampleDay(DomainName domain) {
        Map<FailureDetailKey, Long> details = new LinkedHashMap<>();
        details.put(new FailureDetailKey(ResultType.CERTIFICATE_EXPIRED, "2001:db8:abcd:12::1", "203.0.113.56",
                "mx1.mail." + domain, null, null), 100L);
        details.put(new FailureDetailKey(ResultType.STARTTLS_NOT_SUPPORTED, "2001:db8:abcd:13::1", "203.0.113.57",
                "mx2.mail." + domain, "mx2-helo.mail." + domain, "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"), 200L);
        details.put(new FailureDetailKey(ResultType.VALIDATION_FAILURE, "192.0.2.10", "198.51.100.62",
                "mx3.mail." + domain, null, "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"), 3L);
        PolicySummary sts = new PolicySummary(stsPolicy(domain), 5_326L, 303L, details, 0L);
        PolicySummary none = new PolicySummary(PolicyKey.noPolicyFound(domain), 12L, 0L, Map.of(), 0L);
        return new DaySummary(DAY, domain, List.of(sts, none));
    }

    /** A day with many distinct failure details on one policy (to force splitting). */
    public static DaySummary bigDay(DomainName domain, int policies, int detailsPerPolicy) {
        List<PolicySummary> entries = new java.util.ArrayList<>();
        for (int p = 0; p < policies; p++) {
            Map<FailureDetailKey, Long> details = new LinkedHashMap<>();
            long failed = 0;
            for (int d = 0; d < detailsPerPolicy; d++) {
                details.put(new FailureDetailKey(ResultType.CERTIFICATE_NOT_TRUSTED, "192.0.2." + (d % 250),
                        "198.51." + p + "." + (d % 250), "mx" + d + ".p" + p + "." + domain, null, "reason-" + d),
                        (long) d + 1);
                failed += d + 1;
            }
            PolicyKey key = new PolicyKey(PolicyKey.STS, domain, List.of("version: STSv1", "mode: enforce",
                    "mx: p" + p + "." + domain, "max_age: " + (86400 + p)), List.of("p" + p + "." + domain));
            entries.add(new PolicySummary(key, 1000L + p, failed + 7, details, 7));
        }
        return new DaySummary(DAY, domain, entries);
    }

    public static JsonNode gunzipJson(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema violations of {@code report} (empty when valid). */
    public static Set<ValidationMessage> schemaErrors(JsonNode report) {
        return SCHEMA.validate(report);
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/tlsrpt-report.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
