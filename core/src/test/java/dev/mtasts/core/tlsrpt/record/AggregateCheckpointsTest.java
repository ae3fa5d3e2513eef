package dev.mtasts.core.tlsrpt.record;

import static dev.mtasts.core.tlsrpt.record.Rounds.DOMAIN;
import static dev.mtasts.core.tlsrpt.record.Rounds.EXPIRED;
import static dev.mtasts.core.tlsrpt.record.Rounds.UNVALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.VALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.connected;
import static dev.mtasts.core.tlsrpt.record.Rounds.policy;
import static dev.mtasts.core.tlsrpt.record.Rounds.round;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.DomainDayTotals;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.testkit.time.MutableClock;

class AggregateCheckpointsTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");
    private static final PolicyLookup ENFORCE = PolicyLookup.policy(policy(PolicyMode.ENFORCE, "id1"));

    @TempDir
    Path data;

    /** 2 successes and 3 expired-certificate failures for example.com, 1 success for other.test, checkpointed. */
    private void recordAndCheckpoint(RecorderSettings settings) {
        TlsRptRecorder recorder = new TlsRptRecorder(settings, new MutableClock(NOON));
        for (int i = 0; i < 2; i++) {
            recorder.observe(round(ENFORCE, connected(NOON, Outcome.DELIVERED, VALIDATED, null)), "ok" + i);
        }
        for (int i = 0; i < 3; i++) {
            recorder.observe(round(ENFORCE, connected(NOON, Outcome.TLS_FAILED, UNVALIDATED, EXPIRED)), "bad" + i);
        }
        DomainName other = DomainName.of("other.test");
        recorder.observe(round(other, PolicyLookup.policy(policy(other, PolicyMode.TESTING, "id9")),
            connected(NOON, Outcome.DELIVERED, VALIDATED, null)), "other");
        recorder.close();
    }

    @Nested
    class Reading {
        @Test
        void shouldReadWhatTheRecorderCheckpointedPerDomainWhenTheDayExists() throws Exception {
            recordAndCheckpoint(RecorderSettings.builder(data).build());
            AggregateCheckpoints checkpoints = new AggregateCheckpoints(data);

            Parsed<List<DaySummary>> read = checkpoints.read(DAY).orElseThrow();

            assertThat(checkpoints.days()).containsExactly(DAY);
            assertThat(read.isValid()).isTrue();
            assertThat(read.value()).extracting(DaySummary::policyDomain)
                .containsExactly(DOMAIN, DomainName.of("other.test"));
            DomainDayTotals totals = DomainDayTotals.of(read.value().get(0));
            assertThat(totals.successfulSessions()).isEqualTo(2);
            assertThat(totals.failedSessions()).isEqualTo(3);
            assertThat(totals.failuresByResultType()).containsExactly(Map.entry(ResultType.CERTIFICATE_EXPIRED, 3L));
        }

        @Test
        void shouldAnswerEmptyWhenTheDayHasNoCheckpoint() throws Exception {
            assertThat(new AggregateCheckpoints(data).read(DAY)).isEmpty();
            assertThat(new AggregateCheckpoints(data).days()).isEmpty();
        }

        @Test
        void shouldSayWhatIsDamagedAndLeaveTheFileInPlaceWhenTheCheckpointIsDamaged() throws Exception {
            AggregateCheckpoints checkpoints = new AggregateCheckpoints(data);
            Path file = Files.createDirectories(checkpoints.directory()).resolve(DAY + ".json");
            Files.writeString(file, "{\"format\": \"tlsrpt-aggregates/1\", \"day\": \"2026-11-26\", \"policies\": []}");
            Files.writeString(checkpoints.directory().resolve("notes.json"), "{}");

            Optional<Parsed<List<DaySummary>>> read = checkpoints.read(DAY);

            assertThat(read).hasValueSatisfying(parsed -> assertThat(parsed.describeErrors()).contains("day is not"));
            assertThat(file).exists();
            assertThat(checkpoints.days()).as("a file not named by a day is not a checkpoint").containsExactly(DAY);
        }
    }

    @Nested
    class Totals {
        @Test
        void shouldCountFailuresOverTheDetailCapAsUntypedWhenTheCapIsReached() throws Exception {
            recordAndCheckpoint(RecorderSettings.builder(data).maxFailureDetailsPerPolicy(1).build());
            TlsRptRecorder recorder = new TlsRptRecorder(RecorderSettings.builder(data).maxFailureDetailsPerPolicy(1)
                .build(), new MutableClock(NOON));
            Failure other = Failure.of(FailureCode.STARTTLS_NOT_SUPPORTED, "no STARTTLS");
            recorder.observe(round(ENFORCE, connected(NOON, Outcome.TLS_FAILED, null, other)), "plain");

            DomainDayTotals totals = DomainDayTotals.of(recorder.summary(DAY, DOMAIN).orElseThrow());

            assertThat(totals.failedSessions()).isEqualTo(4);
            assertThat(totals.failuresByResultType()).containsExactly(Map.entry(ResultType.CERTIFICATE_EXPIRED, 3L));
            assertThat(totals.untypedFailures()).isEqualTo(1);
        }
    }
}
