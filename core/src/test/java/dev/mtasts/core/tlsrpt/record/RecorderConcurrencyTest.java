package dev.mtasts.core.tlsrpt.record;

import static dev.mtasts.core.tlsrpt.record.Rounds.DOMAIN;
import static dev.mtasts.core.tlsrpt.record.Rounds.EXPIRED;
import static dev.mtasts.core.tlsrpt.record.Rounds.UNVALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.VALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.connected;
import static dev.mtasts.core.tlsrpt.record.Rounds.policy;
import static dev.mtasts.core.tlsrpt.record.Rounds.round;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.testkit.time.MutableClock;

class RecorderConcurrencyTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");
    private static final int THREADS = 4;
    private static final int ROUNDS = 50_000;

    @TempDir
    Path data;

    @Test
    void shouldCountEverySessionExactlyOnceWhenThreadsRecordWhileCheckpointsRun() throws Exception {
        TlsRptRecorder recorder = new TlsRptRecorder(RecorderSettings.builder(data).maxFailureDetailsPerPolicy(10)
                .build(), MutableClock.at("2026-11-27T12:00:00Z"));
        PolicyLookup lookup = PolicyLookup.policy(policy(PolicyMode.TESTING, "id1"));
        List<DomainDelivery> rounds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // 20 distinct failure details against a cap of 10: the rest must land in overflow, none lost.
            rounds.add(round(lookup, connected(Rounds.MX, "192.0.2." + i, NOON, Outcome.DELIVERED, UNVALIDATED,
                    EXPIRED), connected(NOON, Outcome.DELIVERED, VALIDATED, null)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < ROUNDS; i++) {
                    recorder.observe(rounds.get((i + offset) % rounds.size()), "m");
                    if (offset == 0 && i % 10_000 == 0) {
                        recorder.checkpoint();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        recorder.close();

        for (TlsRptRecorder view : List.of(recorder, new TlsRptRecorder(RecorderSettings.builder(data).build(),
                MutableClock.at("2026-11-27T12:00:00Z")))) {
            PolicySummary summary = view.summary(DAY, DOMAIN).orElseThrow().policies().get(0);
            long detailed = summary.failureDetails().values().stream().mapToLong(Long::longValue).sum();
            assertThat(summary.successfulSessions()).isEqualTo((long) THREADS * ROUNDS);
            assertThat(summary.failedSessions()).isEqualTo((long) THREADS * ROUNDS);
            assertThat(summary.failureDetails()).hasSize(10);
            assertThat(detailed + summary.overflowFailures()).isEqualTo(summary.failedSessions());
            assertThat(summary.overflowFailures()).isPositive();
        }
    }
}
