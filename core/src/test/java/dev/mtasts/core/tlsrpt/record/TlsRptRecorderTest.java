package dev.mtasts.core.tlsrpt.record;

import static dev.mtasts.core.tlsrpt.record.Rounds.DOMAIN;
import static dev.mtasts.core.tlsrpt.record.Rounds.EXPIRED;
import static dev.mtasts.core.tlsrpt.record.Rounds.UNVALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.VALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.connected;
import static dev.mtasts.core.tlsrpt.record.Rounds.policy;
import static dev.mtasts.core.tlsrpt.record.Rounds.round;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.testkit.time.MutableClock;

class TlsRptRecorderTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");
    private static final PolicyLookup ENFORCE = PolicyLookup.policy(policy(PolicyMode.ENFORCE, "id1"));

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(NOON);

    private TlsRptRecorder recorder() {
        return recorder(RecorderSettings.builder(data));
    }

    private TlsRptRecorder recorder(RecorderSettings.Builder settings) {
        return new TlsRptRecorder(settings.build(), clock);
    }

    private static DomainDelivery success(Instant time) {
        return round(ENFORCE, connected(time, Outcome.DELIVERED, VALIDATED, null));
    }

    private static DomainDelivery expired(Instant time) {
        return round(ENFORCE, connected(time, Outcome.TLS_FAILED, UNVALIDATED, EXPIRED));
    }

    private static void observe(TlsRptRecorder recorder, DomainDelivery round, int times) {
        for (int i = 0; i < times; i++) {
            recorder.observe(round, "mail-" + i);
        }
    }

    private static PolicySummary only(TlsRptRecorder recorder, LocalDate day) {
        List<PolicySummary> policies = recorder.summary(day, DOMAIN).orElseThrow().policies();
        assertThat(policies).hasSize(1);
        return policies.get(0);
    }

    @Nested
    class Aggregation {
        @Test
        void shouldCountSuccessesAndFailuresByDetailWhenRoundsAreObserved() {
            TlsRptRecorder recorder = recorder();
            observe(recorder, success(NOON), 3);
            observe(recorder, expired(NOON), 2);

            PolicySummary summary = only(recorder, DAY);

            assertThat(summary.successfulSessions()).isEqualTo(3);
            assertThat(summary.failedSessions()).isEqualTo(2);
            assertThat(summary.failureDetails()).hasSize(1).containsValue(2L);
            assertThat(summary.overflowFailures()).isZero();
            assertThat(recorder.days()).containsExactly(DAY);
            assertThat(recorder.domains(DAY)).containsExactly(DOMAIN);
        }

        @Test
        void shouldPutSessionsOnTwoDaysWhenTheyStraddleUtcMidnight() {
            TlsRptRecorder recorder = recorder();
            recorder.observe(success(Instant.parse("2026-11-27T23:59:59.900Z")), "a");
            recorder.observe(success(Instant.parse("2026-11-28T00:00:00.100Z")), "b");

            assertThat(recorder.days()).containsExactly(DAY, DAY.plusDays(1));
            assertThat(only(recorder, DAY).successfulSessions()).isEqualTo(1);
            assertThat(only(recorder, DAY.plusDays(1)).successfulSessions()).isEqualTo(1);
        }

        @Test
        void shouldKeepTwoPolicyEntriesWhenThePolicyRotatesWithinTheDay() {
            TlsRptRecorder recorder = recorder();
            recorder.observe(round(PolicyLookup.policy(policy(PolicyMode.TESTING, "id1")),
                    connected(NOON, Outcome.DELIVERED, VALIDATED, null)), "a");
            recorder.observe(round(PolicyLookup.policy(policy(PolicyMode.ENFORCE, "id2")),
                    connected(NOON.plusSeconds(60), Outcome.DELIVERED, VALIDATED, null)), "b");

            List<PolicySummary> policies = recorder.summary(DAY, DOMAIN).orElseThrow().policies();

            assertThat(policies).hasSize(2).allMatch(p -> p.successfulSessions() == 1);
            assertThat(policies).extracting(p -> p.policy().policyStrings().get(1))
                    .containsExactlyInAnyOrder("mode: testing", "mode: enforce");
        }

        @Test
        void shouldCountFailuresBeyondTheCapAsOverflowWhenTooManyDistinctDetailsArrive() {
            TlsRptRecorder recorder = recorder(RecorderSettings.builder(data).maxFailureDetailsPerPolicy(3));
            for (int i = 0; i < 5; i++) {
                recorder.observe(round(ENFORCE, connected(Rounds.MX, "192.0.2." + i, NOON, Outcome.TLS_FAILED,
                        UNVALIDATED, EXPIRED)), "m");
            }
            // A detail already kept still counts in full after the cap is reached.
            recorder.observe(round(ENFORCE, connected(Rounds.MX, "192.0.2.0", NOON, Outcome.TLS_FAILED,
                    UNVALIDATED, EXPIRED)), "m");

            PolicySummary summary = only(recorder, DAY);

            assertThat(summary.failureDetails()).hasSize(3);
            assertThat(summary.failureDetails().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
            assertThat(summary.overflowFailures()).isEqualTo(2);
            assertThat(summary.failedSessions()).isEqualTo(6);
        }

        @Test
        void shouldNotCountReportMailsWhenTheirNameCarriesTheReportPrefix() {
            TlsRptRecorder recorder = recorder();
            recorder.observe(expired(NOON), "a-report-mail", true);
            recorder.observe(success(NOON), "ordinary-mail");

            PolicySummary summary = only(recorder, DAY);

            assertThat(summary.successfulSessions()).isEqualTo(1);
            assertThat(summary.failedSessions()).isZero();
        }

        @Test
        void shouldCountAFetchFailureOnTheClocksDayWhenTheListenerIsTold() {
            TlsRptRecorder recorder = recorder();
            Failure failure = Failure.of(FailureCode.POLICY_CERTIFICATE_NOT_TRUSTED,
                    "the certificate of mta-sts.example.com is not trusted");

            recorder.fetchFailed(DOMAIN, Optional.of("id2"), failure, Optional.of(policy(PolicyMode.ENFORCE, "id1")));

            PolicySummary summary = only(recorder, DAY);
            assertThat(summary.policy()).isEqualTo(SessionMapper.policyKey(success(NOON)));
            assertThat(summary.failureDetails()).containsOnlyKeys(new FailureDetailKey(ResultType.STS_WEBPKI_INVALID,
                    null, null, null, null, "certificate-not-trusted"));
        }

        @Test
        void shouldForgetOldDaysInMemoryAndOnDiskWhenDiscarded() {
            TlsRptRecorder recorder = recorder();
            recorder.observe(success(NOON.minusSeconds(86_400)), "old");
            recorder.observe(success(NOON), "new");
            recorder.checkpoint();

            recorder.discardBefore(DAY);
            recorder.observe(success(NOON.minusSeconds(86_400)), "late");
            recorder.checkpoint();

            assertThat(recorder.days()).containsExactly(DAY);
            assertThat(recorder.discardedSessions()).isEqualTo(1);
            assertThat(aggregateFiles()).containsExactly(DAY + ".json");
        }
    }

    @Nested
    class Persistence {
        @Test
        void shouldKeepTheCountsWhenRestartedMidDay() {
            TlsRptRecorder first = recorder();
            observe(first, success(NOON), 4);
            observe(first, expired(NOON), 1);
            first.close();

            TlsRptRecorder second = recorder();

            PolicySummary summary = only(second, DAY);
            assertThat(summary.successfulSessions()).isEqualTo(4);
            assertThat(summary.failedSessions()).isEqualTo(1);
        }

        @Test
        void shouldNotCountTwiceWhenRestartedTwice() {
            TlsRptRecorder first = recorder();
            observe(first, success(NOON), 4);
            first.close();
            TlsRptRecorder second = recorder();
            observe(second, success(NOON), 1);
            second.close();
            recorder().close();

            TlsRptRecorder fourth = recorder();

            assertThat(only(fourth, DAY).successfulSessions()).isEqualTo(5);
        }

        @Test
        void shouldRestoreExactlyTheCheckpointedCountsWhenTheProcessDiedWithoutClosing() {
            TlsRptRecorder crashed = recorder();
            observe(crashed, success(NOON), 7);
            observe(crashed, expired(NOON), 2);
            crashed.checkpoint();
            observe(crashed, success(NOON), 100);
            observe(crashed, expired(NOON), 100);
            // kill -9: no close(), no further checkpoint.

            TlsRptRecorder restarted = recorder();

            PolicySummary summary = only(restarted, DAY);
            assertThat(summary.successfulSessions()).isEqualTo(7);
            assertThat(summary.failedSessions()).isEqualTo(2);
        }

        @Test
        void shouldSkipAndSetAsideADamagedCheckpointWhenLoading() throws IOException {
            TlsRptRecorder first = recorder();
            observe(first, success(NOON), 2);
            observe(first, success(NOON.minusSeconds(86_400)), 3);
            first.close();
            Path damaged = data.resolve("tlsrpt/aggregates/" + DAY + ".json");
            Files.writeString(damaged, "{\"format\":\"tlsrpt-aggregates/1\",\"day\":\"2026-11-27\",\"polic");

            TlsRptRecorder second = recorder();

            assertThat(second.days()).containsExactly(DAY.minusDays(1));
            assertThat(only(second, DAY.minusDays(1)).successfulSessions()).isEqualTo(3);
            assertThat(damaged).doesNotExist();
            assertThat(aggregateFiles()).anyMatch(name -> name.startsWith(DAY + ".json.corrupt-"));
        }

        @Test
        void shouldRejectACheckpointWhoseCountsAreNotNumbersWhenLoading() throws IOException {
            Path file = data.resolve("tlsrpt/aggregates/" + DAY + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{\"format\":\"tlsrpt-aggregates/1\",\"day\":\"2026-11-27\",\"policies\":[{"
                    + "\"policy-domain\":\"example.com\",\"policy-type\":\"sts\",\"policy-string\":[],\"mx-host\":[],"
                    + "\"successful\":\"many\",\"overflow\":0,\"failure-details\":[]}]}");

            assertThat(recorder().days()).isEmpty();
        }

        @Test
        void shouldKeepCountingAndRetryWhenACheckpointCannotBeWritten() throws IOException {
            Files.createDirectories(data.resolve("tlsrpt"));
            Path blocker = data.resolve("tlsrpt/aggregates");
            Files.writeString(blocker, "not a directory");
            TlsRptRecorder recorder = recorder();
            observe(recorder, success(NOON), 2);

            recorder.checkpoint();
            observe(recorder, success(NOON), 1);
            Files.delete(blocker);
            recorder.checkpoint();

            assertThat(only(recorder, DAY).successfulSessions()).isEqualTo(3);
            assertThat(only(recorder(), DAY).successfulSessions()).isEqualTo(3);
        }

        @Test
        void shouldRoundTripEveryFieldWhenCheckpointed() {
            TlsRptRecorder first = recorder(RecorderSettings.builder(data).maxFailureDetailsPerPolicy(1));
            observe(first, success(NOON), 1);
            observe(first, expired(NOON), 2);
            first.observe(round(ENFORCE, Rounds.notContacted("other.example.net", NOON)), "m");
            PolicySummary before = only(first, DAY);
            first.close();

            PolicySummary after = only(recorder(RecorderSettings.builder(data).maxFailureDetailsPerPolicy(1)), DAY);

            assertThat(after.policy()).isEqualTo(before.policy());
            assertThat(after.successfulSessions()).isEqualTo(1);
            assertThat(after.failedSessions()).isEqualTo(3);
            assertThat(after.overflowFailures()).isEqualTo(1);
            assertThat(after.failureDetails()).isEqualTo(before.failureDetails());
        }

        @Test
        void shouldRewriteOnlyDaysThatChangedWhenCheckpointing() throws IOException {
            TlsRptRecorder recorder = recorder();
            observe(recorder, success(NOON), 1);
            observe(recorder, success(NOON.minusSeconds(86_400)), 1);
            recorder.checkpoint();
            Path today = data.resolve("tlsrpt/aggregates/" + DAY + ".json");
            Path yesterday = data.resolve("tlsrpt/aggregates/" + DAY.minusDays(1) + ".json");
            Files.delete(today);
            Files.delete(yesterday);

            recorder.checkpoint();
            assertThat(today).doesNotExist();

            observe(recorder, success(NOON), 1);
            recorder.checkpoint();
            assertThat(today).exists();
            assertThat(yesterday).doesNotExist();
        }

        @Test
        void shouldRemoveALeftOverTemporaryFileWhenLoading() throws IOException {
            Path temp = data.resolve("tlsrpt/aggregates/" + DAY + ".json.tmp");
            Files.createDirectories(temp.getParent());
            Files.writeString(temp, "{\"half\":");

            assertThat(recorder().days()).isEmpty();
            assertThat(temp).doesNotExist();
        }
    }

    private List<String> aggregateFiles() {
        try (Stream<Path> files = Files.list(data.resolve("tlsrpt/aggregates"))) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
