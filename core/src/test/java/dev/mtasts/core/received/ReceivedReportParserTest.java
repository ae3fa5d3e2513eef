package dev.mtasts.core.received;

import static dev.mtasts.core.received.ReceivedSamples.gzip;
import static dev.mtasts.core.received.ReceivedSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

class ReceivedReportParserTest {
    private final ReceivedReportParser parser = new ReceivedReportParser(ReceivedLimits.DEFAULTS);

    @Nested
    class ReportsAsLargeReceiversSendThem {
        @Test
        void shouldReadAGzippedMailboxProviderReport() {
            ReceivedReport report = parser.parse(gzip(ReceivedSamples.MAILBOX_PROVIDER)).value();

            assertThat(report.organizationName()).isEqualTo("Big Mailbox Provider Inc.");
            assertThat(report.reportId()).isEqualTo("2026-11-28T00:00:00Z_ours.test");
            assertThat(report.day()).isEqualTo(LocalDate.of(2026, 11, 28));
            assertThat(report.policies()).hasSize(1);
            ReceivedPolicy policy = report.policies().get(0);
            assertThat(policy.policyType()).isEqualTo("sts");
            assertThat(policy.policyDomain()).isEqualTo(DomainName.of("ours.test"));
            assertThat(policy.policyStrings()).contains("mode: enforce");
            assertThat(policy.mxHosts()).containsExactly("mx1.ours.test");
            assertThat(policy.successfulSessions()).isEqualTo(1342);
            assertThat(policy.failures()).isEmpty();
        }

        @Test
        void shouldReadFractionalSecondsExtraFieldsAndThePolicyIsMissingFailure() {
            Parsed<ReceivedReport> parsed = parser.parse(utf8(ReceivedSamples.OFFICE_SUITE));

            ReceivedReport report = parsed.value();
            assertThat(report.end()).isEqualTo(Instant.parse("2026-11-28T23:59:59.9999999Z"));
            ReceivedPolicy policy = report.policies().get(0);
            assertThat(policy.policyType()).isEqualTo("no-policy-found");
            assertThat(policy.failedSessions()).isEqualTo(17);
            ReceivedFailure failure = policy.failures().get(0);
            assertThat(failure.resultType()).isEqualTo("sts-policy-fetch-error");
            assertThat(failure.failureReasonCode()).contains("policy is missing");
            assertThat(failure.sendingMtaIp()).contains("192.0.2.10");
            assertThat(failure.receivingIp()).isEmpty();
        }

        @Test
        void shouldReadOffsetsTwoDomainsAndAMissingOrganizationName() {
            ReceivedReport report = parser.parse(gzip(ReceivedSamples.REGIONAL)).value();

            assertThat(report.start()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
            assertThat(report.organizationName()).isEmpty();
            assertThat(report.reporter()).isEqualTo("postmaster@regional.example");
            assertThat(report.policies()).extracting(ReceivedPolicy::policyDomain)
                .containsExactly(DomainName.of("ours.test"), DomainName.of("other.test"));
            assertThat(report.policies().get(0).failures()).extracting(ReceivedFailure::failedSessions)
                .containsExactly(2L, 1L);
        }

        @Test
        void shouldAcceptCountsWrittenAsDigitStringsWithAWarning() {
            String json = ReceivedSamples.MAILBOX_PROVIDER.replace("1342", "\"1342\"");

            Parsed<ReceivedReport> parsed = parser.parse(utf8(json));

            assertThat(parsed.value().policies().get(0).successfulSessions()).isEqualTo(1342);
            assertThat(parsed.warnings().toString()).contains("is a string, not a number");
        }

        @Test
        void shouldReadTimestampsWithoutOffsetAsUtcWithAWarning() {
            String json = ReceivedSamples.MAILBOX_PROVIDER.replace("2026-11-28T00:00:00Z\",", "2026-11-28T00:00:00\",");

            Parsed<ReceivedReport> parsed = parser.parse(utf8(json));

            assertThat(parsed.value().start()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
            assertThat(parsed.warnings().toString()).contains("no offset");
        }

        @Test
        void shouldEscapeControlCharactersAndCapAHostileOrganizationName() {
            String hostile = "<img src=x onerror=alert(1)>\\u001b[31m" + "A".repeat(5000);
            String json = ReceivedSamples.MAILBOX_PROVIDER.replace("Big Mailbox Provider Inc.", hostile);

            ReceivedReport report = parser.parse(utf8(json)).value();

            assertThat(report.organizationName()).hasSizeLessThanOrEqualTo(256).contains("\\x1B").doesNotContain("\u001b");
        }
    }

    static Stream<Arguments> invalidReports() {
        String good = ReceivedSamples.OFFICE_SUITE;
        return Stream.of(
            Arguments.of("empty attachment", new byte[0], "empty"),
            Arguments.of("not JSON", utf8("Hello, this is not a report"), "not valid JSON"),
            Arguments.of("a JSON array, not an object", utf8("[1,2,3]"), "not a JSON object"),
            Arguments.of("two JSON objects", utf8(good + good), "content after"),
            Arguments.of("truncated gzip", Arrays.copyOf(gzip(good), 20), "not a valid gzip stream"),
            Arguments.of("no report-id", utf8(good.replace("\"report-id\"", "\"report-ix\"")), "report-id is missing"),
            Arguments.of("no date-range", utf8(good.replace("\"date-range\"", "\"date-rang\"")), "start-datetime is missing"),
            Arguments.of("a date that is no date", utf8(good.replace("2026-11-28T00:00:00.0000000Z", "yesterday")),
                "not an RFC 3339 date-time"),
            Arguments.of("range ends before it starts", utf8(good.replace("2026-11-28T23:59", "2026-11-27T23:59")),
                "ends before it starts"),
            Arguments.of("policies not an array", utf8(good.replace("\"policies\":[", "\"policies\":{\"a\":[").replace("]}]}", "]}]}}")),
                "policies is missing or not an array"),
            Arguments.of("count is text", utf8(good.replace("\"total-failure-session-count\":17", "\"total-failure-session-count\":\"many\"")),
                "total-failure-session-count is not a non-negative"),
            Arguments.of("count is negative", utf8(good.replace("\"failed-session-count\":17", "\"failed-session-count\":-17")),
                "failed-session-count is not a non-negative"),
            Arguments.of("count is a fraction", utf8(good.replace("\"failed-session-count\":17", "\"failed-session-count\":1.5")),
                "failed-session-count is not a non-negative"),
            Arguments.of("count beyond 64 bits", utf8(good.replace("\"failed-session-count\":17", "\"failed-session-count\":99999999999999999999")),
                "failed-session-count is not a non-negative"),
            Arguments.of("summary missing", utf8(good.replace("\"summary\"", "\"summery\"")), "summary.total-successful-session-count is missing"),
            Arguments.of("policy-domain not a domain", utf8(good.replace("\"policy-domain\":\"ours.test\"", "\"policy-domain\":\"ours..test\"")),
                "policy-domain"),
            Arguments.of("result-type missing", utf8(good.replace("\"result-type\"", "\"result-typ\"")), "result-type is missing"),
            Arguments.of("a number of 100000 digits", utf8(good.replace("\"failed-session-count\":17",
                "\"failed-session-count\":" + "9".repeat(100_000))), "more than 40 characters"),
            Arguments.of("JSON nested 100000 deep", utf8("[".repeat(100_000) + "]".repeat(100_000)), "nested deeper than 16"),
            Arguments.of("an array of 20001 items", utf8(good.replace("\"mx-host\"", "\"x\"").replace("\"policy-domain\":\"ours.test\"",
                "\"policy-domain\":\"ours.test\",\"mx-host\":[" + "\"a\",".repeat(20_000) + "\"a\"]")), "more than 10000 items"),
            Arguments.of("a gzip bomb: 11 MiB of spaces in 11 KiB", gzip(new byte[11 * 1024 * 1024]), "inflates to more than 10485760"),
            Arguments.of("plain JSON over 10 MiB", utf8(" ".repeat(10 * 1024 * 1024 + 1) + good), "larger than 10485760"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidReports")
    void shouldGiveAReasonNeverAnException(String why, byte[] input, String reason) {
        Parsed<ReceivedReport> parsed = parser.parse(input);

        assertThat(parsed.isValid()).as(why).isFalse();
        assertThat(parsed.describeErrors()).as(why).contains(reason);
    }

    @Test
    void shouldStayTotalOnEveryPrefixOfAReport() {
        byte[] whole = ReceivedSamples.REGIONAL.getBytes(StandardCharsets.UTF_8);
        for (int length = 0; length < whole.length; length++) {
            Parsed<ReceivedReport> parsed = parser.parse(Arrays.copyOf(whole, length));
            assertThat(parsed.isValid()).as("prefix of %d bytes", length).isFalse();
        }
    }
}
