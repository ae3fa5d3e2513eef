package dev.mtasts.core.tlsrpt.record;

import static dev.mtasts.core.tlsrpt.record.Rounds.EXPIRED;
import static dev.mtasts.core.tlsrpt.record.Rounds.UNVALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.VALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.connected;
import static dev.mtasts.core.tlsrpt.record.Rounds.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.testkit.time.MutableClock;

class RecorderMemoryTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");
    private static final int DOMAINS = 500;
    private static final long RESULTS = 10_000_000L;
    private static final int QUEUE = 1_000;

    @TempDir
    Path data;

    @Test
    void shouldKeepMemoryProportionalToDistinctKeysWhenTenMillionResultsAreRecorded() {
        // 500 domains, each a round with a failing and a successful attempt: 500 policies + 500 failure details.
        List<DomainDelivery> rounds = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            DomainName domain = DomainName.of("d" + i + ".example");
            PolicyLookup lookup = PolicyLookup.policy(policy(domain, PolicyMode.TESTING, "id1"));
            rounds.add(Rounds.round(domain, lookup,
                    connected("mx1." + domain, "192.0.2.1", NOON, Outcome.DELIVERED, UNVALIDATED, EXPIRED),
                    connected("mx1." + domain, "192.0.2.2", NOON, Outcome.DELIVERED, VALIDATED, null)));
        }
        long before = usedHeap();
        TlsRptRecorder recorder = new TlsRptRecorder(RecorderSettings.builder(data).failureLogQueueCapacity(QUEUE).build(),
                MutableClock.at("2026-11-27T12:00:00Z"));

        for (long recorded = 0; recorded < RESULTS; recorded += 2) {
            recorder.observe(rounds.get((int) ((recorded / 2) % DOMAINS)), "m");
        }

        long retained = usedHeap() - before;
        int policies = 0;
        int details = 0;
        long sessions = 0;
        for (DomainName domain : recorder.domains(DAY)) {
            for (PolicySummary summary : recorder.summary(DAY, domain).orElseThrow().policies()) {
                policies++;
                details += summary.failureDetails().size();
                sessions += summary.successfulSessions() + summary.failedSessions();
            }
        }
        assertThat(policies + details).isEqualTo(2 * DOMAINS);
        assertThat(sessions).isEqualTo(RESULTS);
        // The failure-log queue (1,000 lines at most, never flushed here) is included; it is bounded too.
        assertThat(retained).as("retained heap in bytes").isLessThan(5L * 1024 * 1024);
        assertThat(recorder.droppedLogLines()).isEqualTo(RESULTS / 2 - QUEUE);
    }

    private static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
