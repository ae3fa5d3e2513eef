package dev.mtasts.core.tlsrpt.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.DomainDayTotals;
import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;

/** The day document of {@code GET /mta-sts/reports/DAY} and {@code report summary --json}. */
class ReportDayJsonTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final long BEGIN = DAY.toEpochDay() * 86_400L;
    private static final DomainName SUBMITTER = DomainName.of("sender.test");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final Instant MADE = Instant.parse("2026-11-28T01:00:00Z");

    private final ReportDayJson documents = new ReportDayJson(new ObjectMapper());

    private static ReportFileName file(DomainName domain, long begin) {
        return new ReportFileName(SUBMITTER, domain, begin, begin + 86_399, Optional.empty());
    }

    private static DomainDayTotals totals() {
        PolicyKey key = new PolicyKey(PolicyKey.STS, EXAMPLE, List.of("version: STSv1"), List.of("mx1.example.com"));
        FailureDetailKey expired = new FailureDetailKey(ResultType.CERTIFICATE_EXPIRED, null, "192.0.2.1",
            "mx1.example.com", null, "certificate-expired");
        return DomainDayTotals.of(new DaySummary(DAY, EXAMPLE, List.of(new PolicySummary(key, 5, 3, Map.of(expired,
            2L), 1))));
    }

    @Test
    void shouldListTheDaysFilesWithTheirDestinationsAndLeaveOtherDaysOut() {
        ReportFileName sent = file(EXAMPLE, BEGIN);
        ReportFileName unsent = file(DomainName.of("norua.test"), BEGIN);
        ReportFileName otherDay = file(EXAMPLE, BEGIN + 86_400);
        DeliveryStatus delivered = DeliveryStatus.pending("mailto:tlsrpt@example.com", MADE).delivered(MADE);
        DeliveryStatus retrying = DeliveryStatus.pending("https://reports.example.com/v1", MADE)
            .attemptFailed(MADE, "HTTP 503", Optional.of(MADE.plusSeconds(600)));
        List<ReportStatus> statuses = List.of(
            new ReportStatus(sent, "2026-11-27T00:00:00Z_example.com@sender.test", MADE, "", List.of(delivered,
                retrying)),
            new ReportStatus(unsent, "id-2", MADE, "no _smtp._tls record", List.of()));

        JsonNode day = documents.day(DAY, List.of(totals()), List.of(sent, unsent, otherDay), statuses);

        assertThat(day.get("day").asText()).isEqualTo("2026-11-27");
        assertThat(day.get("reports").findValuesAsText("file")).containsExactly(sent.toString(), unsent.toString());
        JsonNode report = day.get("reports").get(0);
        assertThat(report.get("domain").asText()).isEqualTo("example.com");
        assertThat(report.get("report_id").asText()).isEqualTo("2026-11-27T00:00:00Z_example.com@sender.test");
        assertThat(report.has("note")).as("an empty note is left out").isFalse();
        JsonNode first = report.get("destinations").get(0);
        assertThat(first.get("state").asText()).isEqualTo("delivered");
        assertThat(first.get("attempts").asInt()).isEqualTo(1);
        assertThat(first.has("next_attempt")).isFalse();
        JsonNode second = report.get("destinations").get(1);
        assertThat(second.get("state").asText()).isEqualTo("pending");
        assertThat(second.get("last_error").asText()).isEqualTo("HTTP 503");
        assertThat(second.get("next_attempt").asText()).isEqualTo("2026-11-28T01:10:00Z");
        assertThat(day.get("reports").get(1).get("note").asText()).isEqualTo("no _smtp._tls record");
    }

    @Test
    void shouldAddUpTheDomainsAndSplitFailuresByResultTypeWhenCounted() {
        JsonNode day = documents.day(DAY, List.of(totals()), List.of(), List.of());

        assertThat(day.get("successful_sessions").asLong()).isEqualTo(5);
        assertThat(day.get("failed_sessions").asLong()).isEqualTo(3);
        JsonNode domain = day.get("domains").get(0);
        assertThat(domain.get("failures").get("certificate-expired").asLong()).isEqualTo(2);
        assertThat(domain.get("untyped_failures").asLong()).isEqualTo(1);
        assertThat(day.get("reports")).isEmpty();
    }

    @Test
    void shouldListAStatusWhoseFileIsGoneWhenItIsOfTheDay() {
        ReportFileName gone = file(EXAMPLE, BEGIN);

        JsonNode day = documents.day(DAY, List.of(), List.of(), List.of(new ReportStatus(gone, "id-3", MADE, "",
            List.of())));

        assertThat(day.get("reports").findValuesAsText("file")).containsExactly(gone.toString());
        assertThat(day.get("domains")).isEmpty();
    }
}
