package dev.mtasts.james.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.CqlSession;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.tlsrpt.record.RecorderSettings;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import dev.mtasts.testkit.time.MutableClock;

/**
 * The TLS-RPT counts of two nodes on a real Cassandra: each node records in its own recorder (as in James),
 * pushes its totals, and either node's view is the sum.
 */
class CassandraAggregatesTest {
    private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");
    private static final LocalDate DAY = LocalDate.ofInstant(NOON, ZoneOffset.UTC);
    private static CassandraNodes nodes;
    private static CqlSession sessionA;
    private static CqlSession sessionB;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOON);
    private TlsRptRecorder recorderA;
    private TlsRptRecorder recorderB;
    private CassandraAggregates nodeA;
    private CassandraAggregates nodeB;

    @BeforeAll
    static void start() {
        nodes = new CassandraNodes();
        sessionA = nodes.session("a");
        sessionB = nodes.session("b");
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @BeforeEach
    void nodes() {
        recorderA = new TlsRptRecorder(RecorderSettings.builder(dir.resolve("a")).build(), clock);
        recorderB = new TlsRptRecorder(RecorderSettings.builder(dir.resolve("b")).build(), clock);
        nodeA = new CassandraAggregates(sessionA, nodes.keyspace(), recorderA, "a", Duration.ofSeconds(10), clock);
        nodeB = new CassandraAggregates(sessionB, nodes.keyspace(), recorderB, "b", Duration.ofSeconds(10), clock);
    }

    @AfterEach
    void close() {
        recorderA.close();
        recorderB.close();
    }

    private static void fail(TlsRptRecorder recorder, String domain, int times) {
        for (int i = 0; i < times; i++) {
            recorder.fetchFailed(DomainName.of(domain), Optional.of("id1"),
                    Failure.of(FailureCode.POLICY_CERTIFICATE_EXPIRED, "expired"), Optional.empty());
        }
    }

    private static long failures(Optional<DaySummary> summary) {
        return summary.orElseThrow().policies().stream().mapToLong(PolicySummary::failedSessions).sum();
    }

    @Test
    void shouldSumTheCountsOfBothNodesInEitherNodesView() {
        fail(recorderA, "summed.test", 2);
        fail(recorderB, "summed.test", 3);
        assertThat(nodeA.push()).isEqualTo(1);
        assertThat(nodeB.push()).isEqualTo(1);

        assertThat(failures(nodeA.summary(DAY, DomainName.of("summed.test")))).isEqualTo(5);
        assertThat(failures(nodeB.summary(DAY, DomainName.of("summed.test")))).isEqualTo(5);
        assertThat(nodeA.days()).contains(DAY);
        assertThat(nodeB.domains(DAY)).contains(DomainName.of("summed.test"));
    }

    @Test
    void shouldWriteTotalsSoThatARepeatedPushNeverCountsTwice() {
        fail(recorderA, "totals.test", 4);
        nodeA.push();
        assertThat(nodeA.push()).as("nothing changed: nothing written").isZero();
        fail(recorderA, "totals.test", 1);
        nodeA.push();
        nodeA.push();

        assertThat(failures(nodeB.summary(DAY, DomainName.of("totals.test")))).isEqualTo(5);
    }

    @Test
    void shouldSeeOnlyWhatAnotherNodePushedButItsOwnCountsLive() {
        fail(recorderA, "live.test", 1);
        fail(recorderB, "live.test", 1);
        nodeB.push();

        // A has not pushed: B sees only its own; A sees its live count plus B's pushed one.
        assertThat(failures(nodeB.summary(DAY, DomainName.of("live.test")))).isEqualTo(1);
        assertThat(failures(nodeA.summary(DAY, DomainName.of("live.test")))).isEqualTo(2);
    }

    @Test
    void shouldDiscardOldDaysFromTheSharedTable() {
        fail(recorderA, "old.test", 1);
        nodeA.push();
        LocalDate next = DAY.plusDays(1);

        nodeB.discardBefore(next);

        // A's pushed row is gone for every reader; A forgets its own in-memory day at its own retention run.
        assertThat(nodeB.days()).doesNotContain(DAY);
        assertThat(nodeB.summary(DAY, DomainName.of("old.test"))).isEmpty();
    }

    @Test
    void shouldKeepCountingWhenCassandraIsGoneAndRefuseToBuildFromPartOfTheCluster() {
        CqlSession gone = nodes.session("gone");
        TlsRptRecorder recorder = new TlsRptRecorder(RecorderSettings.builder(dir.resolve("gone")).build(), clock);
        CassandraAggregates node = new CassandraAggregates(gone, nodes.keyspace(), recorder, "gone",
                Duration.ofSeconds(2), clock);
        gone.close();

        fail(recorder, "down.test", 3);
        assertThat(node.push()).isZero();

        assertThat(recorder.summary(DAY, DomainName.of("down.test"))).isPresent();
        assertThatThrownBy(() -> node.summary(DAY, DomainName.of("down.test")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read from Cassandra");
        recorder.close();
    }

    /**
     * Issue 10's bound while Cassandra is down: a failed push changes nothing (what it remembers is only what
     * succeeded), so an outage holds the recorder's totals and nothing else, however long it lasts and however
     * much is recorded; the first push that succeeds writes one row per changed day and domain.
     */
    @Test
    void shouldBufferNothingButTheTotalsWhileCassandraIsGone() {
        CqlSession gone = nodes.session("outage");
        TlsRptRecorder recorder = new TlsRptRecorder(RecorderSettings.builder(dir.resolve("outage")).build(), clock);
        CassandraAggregates duringOutage = new CassandraAggregates(gone, nodes.keyspace(), recorder, "outage",
                Duration.ofSeconds(2), clock);
        gone.close();
        for (int push = 0; push < 20; push++) {
            fail(recorder, "outage-" + (push % 3) + ".test", 50);
            assertThat(duringOutage.push()).isZero();
        }

        // Cassandra answers again: the same recorder behind a live session, as the node's next push sees it
        CassandraAggregates afterOutage = new CassandraAggregates(sessionA, nodes.keyspace(), recorder, "outage",
                Duration.ofSeconds(10), clock);
        assertThat(afterOutage.push()).as("one row per domain, not one per failed push").isEqualTo(3);
        assertThat(afterOutage.push()).isZero();
        long total = 0;
        for (int domain = 0; domain < 3; domain++) {
            total += failures(nodeB.summary(DAY, DomainName.of("outage-" + domain + ".test")));
        }
        assertThat(total).as("every session recorded during the outage").isEqualTo(20 * 50);
        assertThat(recorder.discardedSessions()).isZero();
        recorder.close();
    }
}
