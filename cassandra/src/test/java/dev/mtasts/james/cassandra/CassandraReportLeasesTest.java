package dev.mtasts.james.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.tlsrpt.send.ReportLeases.Answer;

/**
 * The report lease on a real Cassandra: contenders on separate sessions (separate nodes), exactly one wins;
 * a lease that is never confirmed (its holder died) expires and another node takes over; a confirmed lease
 * never passes to another node. Lease expiry is Cassandra's TTL, which runs on real time: the expiry test
 * uses a 2-second lease and waits for it.
 */
class CassandraReportLeasesTest {
    private static final LocalDate DAY = LocalDate.of(2026, 12, 3);
    private static CassandraNodes nodes;
    private static CassandraReportLeases a;
    private static CassandraReportLeases b;

    @BeforeAll
    static void start() {
        nodes = new CassandraNodes();
        a = leases("a", Duration.ofMinutes(30));
        b = leases("b", Duration.ofMinutes(30));
    }

    private static CassandraReportLeases leases(String node, Duration lease) {
        return new CassandraReportLeases(nodes.session(node), nodes.keyspace(), node, lease, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void shouldGiveEachReportToExactlyOneOfManyConcurrentContenders() throws Exception {
        List<CassandraReportLeases> contenders = List.of(a, b, leases("c", Duration.ofMinutes(30)),
                leases("d", Duration.ofMinutes(30)));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 10; i++) {
                DomainName domain = DomainName.of("race" + i + ".test");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Answer>> answers = new ArrayList<>();
                for (CassandraReportLeases contender : contenders) {
                    Callable<Answer> claim = () -> {
                        go.await();
                        return contender.claim(DAY, domain);
                    };
                    answers.add(threads.submit(claim));
                    answers.add(threads.submit(claim));
                }
                go.countDown();
                List<Answer> results = new ArrayList<>();
                for (Future<Answer> answer : answers) {
                    results.add(answer.get(30, TimeUnit.SECONDS));
                }
                // each contender asked twice: the winner hears MINE twice, every other one OTHER twice
                assertThat(results).as(domain.toString()).filteredOn(r -> r == Answer.MINE).hasSize(2);
                assertThat(results).filteredOn(r -> r == Answer.OTHER).hasSize(6);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldKeepAConfirmedLeaseWithItsHolder() {
        DomainName domain = DomainName.of("confirmed.test");
        assertThat(a.claim(DAY, domain)).isEqualTo(Answer.MINE);
        assertThat(a.confirm(DAY, domain)).isEqualTo(Answer.MINE);

        assertThat(b.claim(DAY, domain)).isEqualTo(Answer.OTHER);
        assertThat(b.confirm(DAY, domain)).isEqualTo(Answer.OTHER);
        assertThat(a.claim(DAY, domain)).isEqualTo(Answer.MINE);
    }

    @Test
    void shouldLetAnotherNodeTakeOverWhenTheHolderDiesBeforeSendingAndNeverSendTwice() throws Exception {
        DomainName domain = DomainName.of("takeover.test");
        CassandraReportLeases dying = leases("dying", Duration.ofSeconds(2));
        CassandraReportLeases survivor = leases("survivor", Duration.ofSeconds(2));
        assertThat(dying.claim(DAY, domain)).isEqualTo(Answer.MINE);
        assertThat(survivor.claim(DAY, domain)).isEqualTo(Answer.OTHER);

        // "dying" never confirms (it died after building, before sending); its lease runs out.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Answer taken = Answer.OTHER;
        while (taken != Answer.MINE && System.nanoTime() < deadline) {
            Thread.sleep(250);
            taken = survivor.claim(DAY, domain);
        }
        assertThat(taken).isEqualTo(Answer.MINE);
        assertThat(survivor.confirm(DAY, domain)).isEqualTo(Answer.MINE);

        // The old holder comes back and tries to send what it had built: refused, now and later.
        assertThat(dying.confirm(DAY, domain)).isEqualTo(Answer.OTHER);
        Thread.sleep(2500);
        assertThat(dying.claim(DAY, domain)).isEqualTo(Answer.OTHER);
        assertThat(dying.confirm(DAY, domain)).isEqualTo(Answer.OTHER);
    }

    @Test
    void shouldReclaimItsOwnExpiredLeaseWhenNobodyElseTookIt() throws Exception {
        DomainName domain = DomainName.of("slow.test");
        CassandraReportLeases slow = leases("slow", Duration.ofSeconds(1));
        assertThat(slow.claim(DAY, domain)).isEqualTo(Answer.MINE);
        Thread.sleep(2000);

        assertThat(slow.confirm(DAY, domain)).isEqualTo(Answer.MINE);
        assertThat(b.claim(DAY, domain)).isEqualTo(Answer.OTHER);
    }

    @Test
    void shouldAnswerUnknownWhenCassandraCannotAnswer() {
        com.datastax.oss.driver.api.core.CqlSession session = nodes.session("gone");
        CassandraReportLeases gone = new CassandraReportLeases(session, nodes.keyspace(), "gone",
                Duration.ofMinutes(30), Duration.ofSeconds(2));
        session.close();

        assertThat(gone.claim(DAY, DomainName.of("unknown.test"))).isEqualTo(Answer.UNKNOWN);
        assertThat(gone.confirm(DAY, DomainName.of("unknown.test"))).isEqualTo(Answer.UNKNOWN);
    }
}
