package dev.mtasts.core.tlsrpt;

import static dev.mtasts.core.tlsrpt.ReportFixtures.DAY;
import static dev.mtasts.core.tlsrpt.ReportFixtures.DOMAIN;
import static dev.mtasts.core.tlsrpt.ReportFixtures.MAPPER;
import static dev.mtasts.core.tlsrpt.ReportFixtures.SUBMITTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;

class ReportJsonTest {
    private static final ReportId ID = new ReportId(DAY, DOMAIN, "5065427c23d347ca", SUBMITTER);

    private static Report report(DaySummary day) {
        return new Report("Company-X", "sts-reporting@company-x.example", ID.whole(), day.day(), day.policyDomain(),
                day.policies());
    }

    @Test
    void shouldMatchTheGoldenReportWhenWrittenAndReadBack() throws IOException {
        byte[] json = ReportJson.toJson(report(ReportFixtures.sampleDay(DOMAIN)));

        JsonNode parsed = MAPPER.readTree(json);
        try (InputStream golden = getClass().getResourceAsStream("/tlsrpt/golden-report.json")) {
            assertThat(parsed).isEqualTo(MAPPER.readTree(golden));
        }
    }

    @Test
    void shouldValidateAgainstTheRfc8460SchemaWhenTheSampleIsWritten() throws IOException {
        JsonNode parsed = MAPPER.readTree(ReportJson.toJson(report(ReportFixtures.sampleDay(DOMAIN))));

        assertThat(ReportFixtures.schemaErrors(parsed)).isEmpty();
    }

    @Test
    void shouldBeRefusedBySchemaWhenAFieldIsNull() {
        ObjectNode tree = ReportJson.toTree(report(ReportFixtures.sampleDay(DOMAIN)));
        ((ObjectNode) tree.get("policies").get(0).get("failure-details").get(0)).putNull("receiving-mx-helo");

        assertThat(ReportFixtures.schemaErrors(tree)).isNotEmpty(); // the schema itself can fail
    }

    @Test
    void shouldWriteTheDayAsUtcStartAndEndWhenTheReportCoversOneDay() {
        JsonNode tree = ReportJson.toTree(report(ReportFixtures.sampleDay(DOMAIN)));

        assertThat(tree.at("/date-range/start-datetime").asText()).isEqualTo("2026-11-27T00:00:00Z");
        assertThat(tree.at("/date-range/end-datetime").asText()).isEqualTo("2026-11-27T23:59:59Z");
        assertThat(tree.get("report-id").asText()).isEqualTo("2026-11-27.company-y.example.5065427c23d347ca@mail.sender.example")
                .doesNotContain(":");
    }

    @Nested
    class OptionalFields {
        @Test
        void shouldOmitAbsentDetailFieldsWhenTheRecorderDidNotKnowThem() {
            JsonNode tree = ReportJson.toTree(report(ReportFixtures.sampleDay(DOMAIN)));
            JsonNode expired = tree.at("/policies/0/failure-details/1");

            assertThat(expired.get("result-type").asText()).isEqualTo("certificate-expired");
            assertThat(expired.has("receiving-mx-helo")).isFalse();
            assertThat(expired.has("failure-reason-code")).isFalse();
            assertThat(expired.has("additional-information")).isFalse();
        }

        @Test
        void shouldOmitPolicyStringsMxHostsAndDetailsWhenNoPolicyWasFound() {
            JsonNode none = ReportJson.toTree(report(ReportFixtures.sampleDay(DOMAIN))).at("/policies/1");

            assertThat(none.at("/policy/policy-type").asText()).isEqualTo("no-policy-found");
            assertThat(none.at("/policy/policy-domain").asText()).isEqualTo("company-y.example");
            assertThat(none.get("policy").has("policy-string")).isFalse();
            assertThat(none.get("policy").has("mx-host")).isFalse();
            assertThat(none.has("failure-details")).isFalse();
        }

        @Test
        void shouldOmitAnEmptyReasonCodeWhenTheRecorderGaveAnEmptyString() {
            FailureDetailKey key = new FailureDetailKey(ResultType.STS_POLICY_FETCH_ERROR, "", null, null, null, "");
            PolicySummary summary = new PolicySummary(ReportFixtures.stsPolicy(DOMAIN), 0, 1, Map.of(key, 1L), 0);
            JsonNode detail = ReportJson.toTree(report(new DaySummary(DAY, DOMAIN, List.of(summary))))
                    .at("/policies/0/failure-details/0");

            assertThat(detail.fieldNames()).toIterable().containsExactly("result-type", "failed-session-count");
        }
    }

    @Test
    void shouldKeep64BitCountsWhenTotalsExceedAnInt() throws IOException {
        long big = 5_000_000_000L;
        PolicySummary summary = new PolicySummary(ReportFixtures.stsPolicy(DOMAIN), big, big + 3,
                Map.of(new FailureDetailKey(ResultType.CERTIFICATE_EXPIRED, null, null, "mx.example", null, null), big),
                3);
        JsonNode tree = MAPPER.readTree(ReportJson.toJson(report(new DaySummary(DAY, DOMAIN, List.of(summary)))));

        assertThat(tree.at("/policies/0/summary/total-successful-session-count").asLong()).isEqualTo(big);
        assertThat(tree.at("/policies/0/summary/total-failure-session-count").asLong()).isEqualTo(big + 3);
        assertThat(tree.at("/policies/0/failure-details/0/failed-session-count").asLong()).isEqualTo(big);
        assertThat(ReportFixtures.schemaErrors(tree)).isEmpty();
    }

    @Test
    void shouldKeepOverflowFailuresOnlyInTheTotalWhenDetailsWereCapped() {
        PolicySummary summary = new PolicySummary(ReportFixtures.stsPolicy(DOMAIN), 10, 50,
                Map.of(new FailureDetailKey(ResultType.CERTIFICATE_EXPIRED, null, null, "mx.example", null, null), 20L),
                30);
        JsonNode tree = ReportJson.toTree(report(new DaySummary(DAY, DOMAIN, List.of(summary))));

        assertThat(tree.at("/policies/0/summary/total-failure-session-count").asLong()).isEqualTo(50);
        assertThat(tree.at("/policies/0/failure-details")).hasSize(1);
    }

    @Test
    void shouldWriteTheAlabelWhenThePolicyDomainIsInternationalised() {
        DomainName idn = DomainName.of("b\u00fccher.example");
        JsonNode tree = ReportJson.toTree(report(ReportFixtures.sampleDay(idn)));

        assertThat(tree.at("/policies/0/policy/policy-domain").asText()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void shouldGunzipToTheSameJsonWhenCompressed() throws IOException {
        Report report = report(ReportFixtures.sampleDay(DOMAIN));

        assertThat(ReportFixtures.gunzipJson(ReportJson.toGzip(report))).isEqualTo(MAPPER.readTree(ReportJson.toJson(report)));
    }
}
