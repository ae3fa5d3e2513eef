package dev.mtasts.core.tlsrpt.send;

import static dev.mtasts.core.tlsrpt.ReportFixtures.DAY;
import static dev.mtasts.core.tlsrpt.ReportFixtures.DOMAIN;
import static dev.mtasts.core.tlsrpt.ReportFixtures.SUBMITTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.ReportFixtures;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportId;
import dev.mtasts.core.tlsrpt.ReportJson;

class ReportSplitterTest {
    private static final ReportId ID = new ReportId(DAY, DOMAIN, "abc123", SUBMITTER);

    private static Report report(DaySummary day) {
        return new Report("Org", "tlsrpt@mail.sender.example", ID.whole(), DAY, DOMAIN, day.policies());
    }

    @Test
    void shouldKeepOnePartWithoutUniqueIdWhenTheReportFits() {
        List<ReportPart> parts = new ReportSplitter(5_000_000).split(report(ReportFixtures.sampleDay(DOMAIN)), ID);

        assertThat(parts).singleElement().satisfies(part -> {
            assertThat(part.fileName().uniqueId()).isEmpty();
            assertThat(part.report().reportId()).isEqualTo(ID.whole());
        });
    }

    @Test
    void shouldSplitByPoliciesAndDetailsWhenTheCompressedReportIsTooBig() {
        Report whole = report(ReportFixtures.bigDay(DOMAIN, 3, 120));
        long limit = 700;
        assertThat((long) ReportJson.toGzip(whole).length).isGreaterThan(limit * 3);

        List<ReportPart> parts = new ReportSplitter(limit).split(whole, ID);

        assertThat(parts.size()).isGreaterThan(3); // more parts than policies: details were split too
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        long successful = 0;
        long failed = 0;
        long detailCount = 0;
        for (ReportPart part : parts) {
            assertThat(part.gzip().length).isLessThanOrEqualTo((int) limit);
            JsonNode json = ReportFixtures.gunzipJson(part.gzip());
            assertThat(ReportFixtures.schemaErrors(json)).as(part.toString()).isEmpty();
            assertThat(part.fileName().uniqueId()).isPresent();
            ids.add(json.get("report-id").asText());
            names.add(part.fileName().toString());
            for (JsonNode policy : json.get("policies")) {
                successful += policy.at("/summary/total-successful-session-count").asLong();
                failed += policy.at("/summary/total-failure-session-count").asLong();
                for (JsonNode detail : policy.path("failure-details")) {
                    detailCount++;
                    assertThat(detail.get("failed-session-count").asLong()).isPositive();
                }
            }
        }
        assertThat(ids).hasSize(parts.size());
        assertThat(names).hasSize(parts.size());
        assertThat(successful).isEqualTo(whole.successfulSessions());
        assertThat(failed).isEqualTo(whole.failedSessions());
        assertThat(detailCount).isEqualTo(3 * 120);
    }

    @Test
    void shouldKeepCountsWhenOnePolicyIsHalved() {
        PolicySummary summary = ReportFixtures.bigDay(DOMAIN, 1, 5).policies().get(0);

        List<PolicySummary> halves = ReportSplitter.halve(summary);

        assertThat(halves.get(0).successfulSessions() + halves.get(1).successfulSessions())
                .isEqualTo(summary.successfulSessions());
        assertThat(halves.get(0).failedSessions() + halves.get(1).failedSessions()).isEqualTo(summary.failedSessions());
        assertThat(halves.get(0).failureDetails().size() + halves.get(1).failureDetails().size()).isEqualTo(5);
        assertThat(halves.get(0).overflowFailures() + halves.get(1).overflowFailures())
                .isEqualTo(summary.overflowFailures());
    }

    @Test
    void shouldKeepAnUnsplittablePartWhenOneDetailAloneIsTooBig() {
        List<ReportPart> parts = new ReportSplitter(10).split(report(ReportFixtures.bigDay(DOMAIN, 1, 1)), ID);

        assertThat(parts).singleElement()
                .satisfies(part -> assertThat(ReportFixtures.gunzipJson(part.gzip()).at("/policies/0/failure-details"))
                        .hasSize(1));
    }
}
