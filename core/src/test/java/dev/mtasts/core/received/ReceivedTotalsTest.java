package dev.mtasts.core.received;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;

class ReceivedTotalsTest {
    private final ReceivedReportParser parser = new ReceivedReportParser(ReceivedLimits.DEFAULTS);

    private ReceivedReport parse(String json) {
        return parser.parseJson(ReceivedSamples.utf8(json)).value();
    }

    @Test
    void shouldAddUpReportersPerDomainAndDay() {
        List<ReceivedDomainDay> totals = ReceivedTotals.of(List.of(parse(ReceivedSamples.MAILBOX_PROVIDER),
            parse(ReceivedSamples.OFFICE_SUITE), parse(ReceivedSamples.REGIONAL)));

        assertThat(totals).extracting(ReceivedDomainDay::domain)
            .containsExactly(DomainName.of("other.test"), DomainName.of("ours.test"));
        ReceivedDomainDay ours = totals.get(1);
        assertThat(ours.day()).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThat(ours.successfulSessions()).isEqualTo(1342 + 10);
        assertThat(ours.failedSessions()).isEqualTo(17 + 3);
        assertThat(ours.failuresByResultType()).containsExactly(
            org.assertj.core.api.Assertions.entry("certificate-expired", 1L),
            org.assertj.core.api.Assertions.entry("starttls-not-supported", 2L),
            org.assertj.core.api.Assertions.entry("sts-policy-fetch-error", 17L));
        assertThat(ours.byReporter().get("Office Suite Corporation")).containsExactly(0L, 17L);
        assertThat(ours.byReporter().get("postmaster@regional.example")).containsExactly(10L, 3L);
        assertThat(ours.details()).extracting(d -> d.failure().failedSessions()).containsExactly(17L, 2L, 1L);
    }

    @Test
    void shouldSaturateInsteadOfWrapping() {
        String huge = ReceivedSamples.MAILBOX_PROVIDER.replace("1342", Long.toString(Long.MAX_VALUE));
        String other = huge.replace("2026-11-28T00:00:00Z_ours.test", "second");

        ReceivedDomainDay day = ReceivedTotals.of(List.of(parse(huge), parse(other))).get(0);

        assertThat(day.successfulSessions()).isEqualTo(Long.MAX_VALUE);
    }
}
