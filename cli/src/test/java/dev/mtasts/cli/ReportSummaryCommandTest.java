package dev.mtasts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.MxCandidate;
import dev.mtasts.core.delivery.TlsDetails;
import dev.mtasts.core.delivery.TlsMode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.tlsrpt.record.RecorderSettings;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;

/** {@code report summary} on checkpoints written by the real recorder into a temporary data directory. */
class ReportSummaryCommandTest {
    private static final Instant YESTERDAY_NOON = Instant.parse("2026-11-27T12:00:00Z");
    private static final Instant TODAY_NOON = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock TODAY = Clock.fixed(TODAY_NOON, ZoneOffset.UTC);
    private static final TlsDetails VALIDATED = new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", true);
    private static final TlsDetails UNVALIDATED = new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", false);

    @TempDir
    Path data;

    /** Records {@code ok} successes and {@code expired} expired-certificate failures at {@code time}. */
    private void record(Instant time, String domain, int ok, int expired, int fetchFailures) {
        TlsRptRecorder recorder = new TlsRptRecorder(RecorderSettings.builder(data).build(), Clock.fixed(time,
            ZoneOffset.UTC));
        DomainName name = DomainName.of(domain);
        PolicyLookup lookup = PolicyLookup.policy(enforce(name));
        for (int i = 0; i < ok; i++) {
            recorder.observe(round(name, lookup, attempt(domain, time, Outcome.DELIVERED, VALIDATED, null)), "m" + i);
        }
        Failure certificate = Failure.of(FailureCode.CERTIFICATE_EXPIRED,
            "the certificate of mx1." + domain + " expired");
        for (int i = 0; i < expired; i++) {
            recorder.observe(round(name, lookup, attempt(domain, time, Outcome.TLS_FAILED, UNVALIDATED, certificate)),
                "f" + i);
        }
        Failure fetch = Failure.of(FailureCode.HTTP_STATUS, 404, "the policy host answered 404");
        for (int i = 0; i < fetchFailures; i++) {
            recorder.fetchFailed(name, Optional.of("id1"), fetch, Optional.empty());
        }
        recorder.close();
    }

    private static CachedPolicy enforce(DomainName domain) {
        List<String> lines = List.of("version: STSv1", "mode: enforce", "mx: mx1." + domain, "max_age: 86400");
        StsPolicy policy = new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse("mx1." + domain).value()), 86400,
            lines);
        return new CachedPolicy(domain, "id1", policy, Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static DomainDelivery round(DomainName domain, PolicyLookup lookup, AttemptResult attempt) {
        return new DomainDelivery(domain, lookup, TlsMode.of(lookup), List.of(attempt), List.of());
    }

    private static AttemptResult attempt(String domain, Instant time, Outcome outcome, TlsDetails tls,
        Failure failure) {
        try {
            return AttemptResult.builder(new MxCandidate(DomainName.of("mx1." + domain), 10, false), time)
                .address(InetAddress.getByName("192.0.2.10")).localAddress(InetAddress.getByName("198.51.100.1"))
                .serverName("mx1." + domain).tls(tls).tlsFailure(failure).outcome(outcome, "test attempt").build();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private CapturedRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ReportSummaryCommand(TODAY).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CapturedRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The outcome of one in-process run. */
    private static final class CapturedRun {
        final int exitCode;
        final String out;
        final String err;

        CapturedRun(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }
    }

    @Nested
    class Text {
        @Test
        void shouldPrintAlignedRowsPerDomainWithFailuresByResultTypeWhenTheDayWasRecorded() {
            record(YESTERDAY_NOON, "bad.test", 1, 2, 3);
            record(YESTERDAY_NOON, "good.test", 12, 0, 0);

            CapturedRun run = run("--data-dir", data.toString(), "--day", "2026-11-27");

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(run.out).contains("TLS-RPT sessions on 2026-11-27 (UTC), from " + data.resolve(
                "tlsrpt/aggregates"));
            assertThat(run.out).contains(String.join("\n",
                "DOMAIN     SUCCESSFUL  FAILED  RESULT TYPE             FAILED",
                "bad.test            1       5  certificate-expired          2",
                "                               sts-policy-fetch-error       3",
                "good.test          12       0",
                "TOTAL              13       5"));
            assertThat(run.out).contains("Reports: none made for this day yet.");
        }

        @Test
        void shouldSummariseYesterdayWhenNoDayIsGivenAndYesterdayHasData() {
            record(YESTERDAY_NOON, "old.test", 2, 0, 0);
            record(TODAY_NOON, "new.test", 1, 0, 0);

            CapturedRun run = run("--data-dir", data.toString());

            assertThat(run.out).contains("sessions on 2026-11-27").contains("old.test").doesNotContain("new.test");
        }

        @Test
        void shouldSummariseTodayWhenNoDayIsGivenAndYesterdayHasNoData() {
            record(TODAY_NOON, "new.test", 1, 0, 0);

            CapturedRun run = run("--data-dir", data.toString());

            assertThat(run.out).contains("sessions on 2026-11-28").contains("new.test");
        }

        @Test
        void shouldSayNoSessionsAndExitZeroWhenTheDayHasNoCheckpoint() throws Exception {
            Files.createDirectories(data);

            CapturedRun run = run("--data-dir", data.toString(), "--day", "2026-01-01");

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("No sessions recorded on 2026-01-01.");
        }
    }

    @Nested
    class Json {
        @Test
        void shouldPrintTheWebAdminDayDocumentWhenJsonIsAsked() throws Exception {
            record(YESTERDAY_NOON, "bad.test", 1, 2, 0);

            CapturedRun run = run("--data-dir", data.toString(), "--day", "2026-11-27", "--json");

            JsonNode json = new ObjectMapper().readTree(run.out);
            assertThat(json.get("day").asText()).isEqualTo("2026-11-27");
            assertThat(json.get("successful_sessions").asLong()).isEqualTo(1);
            assertThat(json.get("failed_sessions").asLong()).isEqualTo(2);
            JsonNode domain = json.get("domains").get(0);
            assertThat(domain.get("domain").asText()).isEqualTo("bad.test");
            assertThat(domain.get("failures").get("certificate-expired").asLong()).isEqualTo(2);
            assertThat(json.get("reports")).isEmpty();
        }
    }

    @Nested
    class Problems {
        @Test
        void shouldExitThreeWhenTheDataDirectoryDoesNotExist() {
            CapturedRun run = run("--data-dir", data.resolve("missing").toString());

            assertThat(run.exitCode).isEqualTo(3);
            assertThat(run.err).contains("no data directory").contains("--data-dir");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "--day 2026-13-01 | is not a day; write YYYY-MM-DD | no month 13",
            "--day 27.11.2026 | is not a day; write YYYY-MM-DD | not ISO order",
            "--day | --day needs at least one value | option without value",
            "--day 2026-11-27 2026-11-28 | --day takes one value | two days",
            "--days 2026-11-27 | unknown option '--days' | a typo",
            "summary | unexpected argument 'summary' | positional argument",
        })
        void shouldExitThreeWithAMessageWhenTheCommandLineIsWrong(String args, String message, String reason) {
            CapturedRun run = run(args.split(" "));

            assertThat(run.exitCode).as(reason).isEqualTo(3);
            assertThat(run.err).as(reason).contains(message).contains("usage: report summary");
        }

        @Test
        void shouldExitTwoNamingTheFileWhenTheCheckpointIsDamaged() throws Exception {
            Path aggregates = Files.createDirectories(data.resolve("tlsrpt/aggregates"));
            Files.writeString(aggregates.resolve("2026-11-27.json"), "{\"format\": \"something else\"}");

            CapturedRun run = run("--data-dir", data.toString(), "--day", "2026-11-27");

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err).contains("the checkpoint of 2026-11-27").contains("is damaged");
            assertThat(aggregates.resolve("2026-11-27.json")).exists();
        }
    }

    @Test
    void shouldBeListedInTheUsageOfTheJar() {
        assertThat(dev.mtasts.cli.CapturedRun.of("--help").out).contains("report summary [--day YYYY-MM-DD]");
    }
}
