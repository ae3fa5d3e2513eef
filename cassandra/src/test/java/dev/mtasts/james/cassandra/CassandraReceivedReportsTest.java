package dev.mtasts.james.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import dev.mtasts.core.received.FileReceivedReportStore;
import dev.mtasts.core.received.ReceivedDomainDay;
import dev.mtasts.core.received.ReceivedLimits;
import dev.mtasts.core.received.ReceivedReport;
import dev.mtasts.core.received.ReceivedReportParser;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.received.ReceivedReportStore.Outcome;
import dev.mtasts.core.received.ReceivedTotals;

/**
 * The received reports on a real Cassandra, each "node" a store on its own session: a report received by two
 * nodes is kept once (also when they store it at the same moment), split parts sharing a report-id are all
 * kept, unreadable mails are kept aside with their reason (capped), the per-day totals equal the file store's
 * for the same mails, and rows expire with the retention (Cassandra's TTL runs on real time: the expiry test
 * writes rows whose retention ends 2 seconds after they are written, and waits).
 */
class CassandraReceivedReportsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");
    private static final ReceivedReportParser PARSER = new ReceivedReportParser(ReceivedLimits.DEFAULTS);
    private static CassandraNodes nodes;
    private static CqlSession sessionA;
    private static CassandraReceivedReports a;
    private static CassandraReceivedReports b;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        nodes = new CassandraNodes();
        sessionA = nodes.session("a");
        a = store(sessionA, "a", 30, NOW);
        b = store(nodes.session("b"), "b", 30, NOW);
    }

    private static CassandraReceivedReports store(CqlSession session, String node, int retentionDays, Instant now) {
        return new CassandraReceivedReports(session, nodes.keyspace(), node, retentionDays, Duration.ofSeconds(10),
                PARSER, Clock.fixed(now, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    /** A report as reporters write it (RFC 8460 §4.4), one policy with one kind of failure. */
    private static String report(String org, String id, LocalDate day, String domain, long ok, long failed,
            String resultType) {
        return "{\"organization-name\":\"" + org + "\",\"date-range\":{\"start-datetime\":\"" + day
                + "T00:00:00Z\",\"end-datetime\":\"" + day + "T23:59:59Z\"},"
                + "\"contact-info\":\"tlsrpt@reporter.example\","
                + "\"report-id\":\"" + id + "\",\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-domain\":\""
                + domain + "\"},\"summary\":{\"total-successful-session-count\":" + ok
                + ",\"total-failure-session-count\":" + failed + "},\"failure-details\":["
                + (failed == 0 ? "" : "{\"result-type\":\"" + resultType
                        + "\",\"receiving-mx-hostname\":\"mx1." + domain
                        + "\",\"failed-session-count\":" + failed + "}") + "]}]}";
    }

    private static Outcome store(ReceivedReportStore store, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return store.store(PARSER.parseJson(bytes).value(), bytes, NOW);
    }

    @Test
    void shouldKeepAReportReceivedByTwoNodesOnceAndCountTheDuplicateOnBoth() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 20);
        String json = report("Big Mailbox", "dup-1", day, "ours.test", 1342, 0, "");
        long before = a.duplicates();

        assertThat(store(a, json)).isEqualTo(Outcome.STORED);
        assertThat(store(b, json)).isEqualTo(Outcome.DUPLICATE);
        assertThat(store(a, json)).isEqualTo(Outcome.DUPLICATE);

        assertThat(b.reports(day, day)).extracting(ReceivedReport::reportId).containsExactly("dup-1");
        assertThat(a.duplicates()).isEqualTo(before + 2);
        assertThat(b.duplicates()).isEqualTo(before + 2);
    }

    @Test
    void shouldLetExactlyOneOfTwoNodesKeepAReportTheyStoreAtTheSameMoment() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 21);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 5; i++) {
                String json = report("Race Mail", "race-" + i, day, "ours.test", 10, 0, "");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Outcome>> outcomes = new ArrayList<>();
                for (ReceivedReportStore node : List.of(a, b, a, b)) {
                    outcomes.add(threads.submit(() -> {
                        go.await();
                        return store(node, json);
                    }));
                }
                go.countDown();
                List<Outcome> results = new ArrayList<>();
                for (Future<Outcome> outcome : outcomes) {
                    results.add(outcome.get(30, TimeUnit.SECONDS));
                }
                assertThat(results).as("race-" + i).filteredOn(o -> o == Outcome.STORED).hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(a.reports(day, day)).hasSize(5);
    }

    @Test
    void shouldKeepEveryPartOfASplitReportThatSharesTheReportId() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 12);
        String part1 = report("Office Suite", "split-1", day, "ours.test", 0, 17, "sts-policy-fetch-error");
        String part2 = report("Office Suite", "split-1", day, "other.test", 5, 2, "certificate-expired");

        assertThat(store(a, part1)).isEqualTo(Outcome.STORED);
        assertThat(store(b, part2)).isEqualTo(Outcome.STORED);
        assertThat(store(b, part1)).isEqualTo(Outcome.DUPLICATE);

        assertThat(a.reports(day, day)).hasSize(2).extracting(ReceivedReport::reportId).containsOnly("split-1");
        assertThat(a.reports(day.plusDays(1), day.plusDays(3))).isEmpty();
    }

    @Test
    void shouldKeepAsideAnUnreadableMailWithItsReasonAndCapItsBytes() throws Exception {
        Instant at = NOW.minusSeconds(3600);
        byte[] small = "Subject: broken\r\n\r\nnot a report".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[CassandraReceivedReports.MAX_MESSAGE_BYTES + 5000];
        Arrays.fill(large, (byte) 'x');

        a.keepAside(small, "no report attachment\nsecond line", at);
        b.keepAside(large, "the report is larger than 10485760 bytes", at.plusSeconds(1));

        List<ReceivedReportStore.SetAside> kept = b.setAside().stream()
                .filter(s -> !s.receivedAt().isBefore(at) && s.receivedAt().isBefore(at.plusSeconds(2)))
                .collect(Collectors.toList());
        assertThat(kept).extracting(ReceivedReportStore.SetAside::reason)
                .containsExactly("no report attachment\\x0Asecond line", "the report is larger than 10485760 bytes");
        assertThat(kept.get(0).name()).startsWith("2026-11-29T05-00-00Z-").endsWith(".eml");
        Row row = sessionA.execute(SimpleStatement.newInstance("SELECT message, size FROM " + nodes.keyspace() + "."
                + MtaStsTables.RECEIVED_ASIDE + " WHERE month = ? AND received_at = ?", "2026-11", at.plusSeconds(1)))
                .one();
        assertThat(row.getByteBuffer("message").remaining()).isEqualTo(CassandraReceivedReports.MAX_MESSAGE_BYTES);
        assertThat(row.getLong("size")).isEqualTo(large.length);
    }

    @Test
    void shouldAddUpTheSameTotalsAsTheFileStoreForTheSameReports() throws Exception {
        LocalDate first = LocalDate.of(2026, 11, 24);
        LocalDate second = first.plusDays(1);
        List<String> mails = List.of(
                report("Big Mailbox", "t-1", first, "ours.test", 1342, 0, ""),
                report("Office Suite", "t-2", first, "ours.test", 3, 17, "sts-policy-fetch-error"),
                report("Office Suite", "t-2", first, "ours.test", 3, 17, "sts-policy-fetch-error"),
                report("Office Suite", "t-2", first, "other.test", 9, 4, "certificate-expired"),
                report("Regional", "t-3", second, "ours.test", 50, 2, "starttls-not-supported"),
                report("Regional", "t-4", second, "other.test", 7, 1, "validation-failure"),
                report("Regional", "t-4", second, "other.test", 7, 1, "validation-failure"));
        FileReceivedReportStore file = new FileReceivedReportStore(directory, PARSER);
        List<Outcome> fileOutcomes = new ArrayList<>();
        List<Outcome> clusterOutcomes = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) {
            fileOutcomes.add(store(file, mails.get(i)));
            clusterOutcomes.add(store(i % 2 == 0 ? a : b, mails.get(i)));
        }

        assertThat(clusterOutcomes).isEqualTo(fileOutcomes).filteredOn(o -> o == Outcome.DUPLICATE).hasSize(2);
        List<String> fromFiles = render(ReceivedTotals.of(file.reports(first, second)));
        assertThat(fromFiles).hasSize(4);
        assertThat(render(ReceivedTotals.of(a.reports(first, second)))).isEqualTo(fromFiles);
    }

    private static List<String> render(List<ReceivedDomainDay> days) {
        return days.stream().map(d -> d.domain() + " " + d.day() + " reports=" + d.reports() + " ok="
                + d.successfulSessions() + " failed=" + d.failedSessions() + " " + d.failuresByResultType() + " "
                + d.byReporter().entrySet().stream().map(e -> e.getKey() + Arrays.toString(e.getValue()))
                        .collect(Collectors.joining(","))
                + " " + d.details().stream().map(x -> x.reporter() + "/" + x.policyType() + "/" + x.failure())
                        .collect(Collectors.joining(",")))
                .collect(Collectors.toList());
    }

    @Test
    void shouldWriteEachReportWithATtlThatEndsWithTheRetention() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        store(a, report("Big Mailbox", "ttl-1", day, "ours.test", 1, 0, ""));

        Row row = sessionA.execute(SimpleStatement.newInstance("SELECT TTL(json) FROM " + nodes.keyspace() + "."
                + MtaStsTables.RECEIVED + " WHERE day = ?", day)).one();
        // end of 2026-11-23 plus 30 days = 2026-12-24T00:00Z, seen from NOW (2026-11-29T06:00Z)
        long expected = Duration.between(NOW, Instant.parse("2026-12-24T00:00:00Z")).getSeconds();
        assertThat((long) row.getInt(0)).isBetween(expected - 60, expected);
        assertThat(a.ttl(LocalDate.of(2026, 1, 1), NOW)).as("already past retention").isEqualTo(1);
        assertThat(a.ttl(LocalDate.of(2031, 1, 1), NOW)).as("dated in the future").isEqualTo(32 * 86_400);
    }

    @Test
    void shouldForgetAReportOnceItsRetentionEndsAndTheMailsAndDuplicatesOneDayAfterTheyWereReceived()
            throws Exception {
        // retention 1 day: a report of 2026-10-10 is kept until 2026-10-12T00:00Z; received 2 s before that (in
        // October: the other tests' set-aside mails and duplicates are in November's partitions)
        LocalDate day = LocalDate.of(2026, 10, 10);
        Instant late = Instant.parse("2026-10-11T23:59:58Z");
        CassandraReceivedReports shortLived = store(sessionA, "a", 1, late);
        String json = report("Old Mail", "old-1", day, "ours.test", 1, 0, "");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ReceivedReport parsed = PARSER.parseJson(bytes).value();

        assertThat(shortLived.store(parsed, bytes, late)).isEqualTo(Outcome.STORED);
        assertThat(shortLived.store(parsed, bytes, late)).isEqualTo(Outcome.DUPLICATE);
        shortLived.keepAside(bytes, "unreadable", late);
        assertThat(shortLived.reports(day, day)).hasSize(1);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!shortLived.reports(day, day).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250); // Cassandra's TTL runs on its own clock
        }
        assertThat(shortLived.reports(day, day)).isEmpty();
        // received on 2026-10-11, so kept until 2026-10-13T00:00Z: one day and 2 s from "late"
        assertThat(shortLived.setAside()).extracting(ReceivedReportStore.SetAside::reason)
                .containsExactly("unreadable");
        assertThat(shortLived.duplicates()).isEqualTo(1);
        long expected = 86_402;
        assertThat((long) sessionA.execute(SimpleStatement.newInstance("SELECT TTL(reason) FROM " + nodes.keyspace()
                + "." + MtaStsTables.RECEIVED_ASIDE + " WHERE month = '2026-10'")).one().getInt(0))
                .isBetween(expected - 60, expected);
        assertThat((long) sessionA.execute(SimpleStatement.newInstance("SELECT TTL(report_id) FROM " + nodes.keyspace()
                + "." + MtaStsTables.RECEIVED_DUPLICATE + " WHERE month = '2026-10'")).one().getInt(0))
                .isBetween(expected - 60, expected);
        assertThat(shortLived.deleteBefore(day.plusDays(5))).as("nothing to delete: rows expire").isZero();
    }
}
