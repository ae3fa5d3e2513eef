package dev.mtasts.james.cassandra;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;

import dev.mtasts.bench.BenchPolicies;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;
import dev.mtasts.core.cache.PolicyStore;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.MxCandidate;
import dev.mtasts.core.delivery.TlsDetails;
import dev.mtasts.core.delivery.TlsMode;
import dev.mtasts.core.tlsrpt.send.ClaimedAggregates;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.record.RecorderSettings;
import dev.mtasts.core.tlsrpt.send.ReportLeases;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import dev.mtasts.testkit.cassandra.CassandraTestServer;

/**
 * What {@code store=cassandra} costs, on one real Cassandra (testkit's {@link CassandraTestServer}, a child
 * JVM): (a) a warm policy lookup with the Cassandra store against the file store, and the Cassandra requests
 * it makes; (b) the Cassandra requests of N deliveries and of one push; (c) two nodes with D domains each:
 * their pushes, then one node building the day's reports (claims, summed reads, confirmations). Every request
 * is counted by a driver {@link RequestTracker}. In this package for the store's package-private classes.
 *
 * <p>Run (after {@code mvn -B -o -pl bench -am package -DskipTests}):
 * {@code java -Dmtasts.cassandra.classpath=cassandra-testserver/target/cassandra.classpath
 * -cp "bench/target/classes:$(cat bench/target/cluster-bench.classpath)" dev.mtasts.james.cassandra.ClusterStoreBench
 * [domains]}
 */
public final class ClusterStoreBench {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String KEYSPACE = "mta_sts_bench";

    /** Counts the requests a session makes, reads (SELECT) and writes apart. */
    static final class Requests implements RequestTracker {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong writes = new AtomicLong();

        @Override
        public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node,
                String prefix) {
            count(request);
        }

        @Override
        public void onError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile profile,
                Node node, String prefix) {
            count(request);
        }

        private void count(Request request) {
            String query = request instanceof BoundStatement ? ((BoundStatement) request).getPreparedStatement().getQuery()
                    : request instanceof SimpleStatement ? ((SimpleStatement) request).getQuery() : "";
            (query.trim().toUpperCase().startsWith("SELECT") ? reads : writes).incrementAndGet();
        }

        long total() {
            return reads.get() + writes.get();
        }

        String since(long readsBefore, long writesBefore) {
            return (reads.get() - readsBefore) + " reads, " + (writes.get() - writesBefore) + " writes";
        }

        @Override
        public void close() {
        }
    }

    private ClusterStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        CassandraTestServer server = CassandraTestServer.start(Paths.get("bench", "target"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "cassandra-stop"));
        try {
            Requests requestsA = new Requests();
            Requests requestsB = new Requests();
            try (CqlSession a = open(server, requestsA, true); CqlSession b = open(server, requestsB, false)) {
                MtaStsTables.createIfMissing(a);
                warmLookup(a, requestsA, domains);
                deliveriesAndReports(a, requestsA, b, requestsB, domains);
            }
        } finally {
            server.stop();
        }
        System.out.printf("load average at the end: %s%n", Files.readString(Paths.get("/proc/loadavg")).trim());
    }

    /** Lets the driver run its request trackers (called just after each response). */
    private static void settle() throws InterruptedException {
        Thread.sleep(200);
    }

    private static CqlSession open(CassandraTestServer server, Requests requests, boolean createKeyspace) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, TIMEOUT)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30)).build();
        if (createKeyspace) {
            try (CqlSession plain = CqlSession.builder().withConfigLoader(config).addContactPoint(server.address())
                    .withLocalDatacenter(server.datacenter()).build()) {
                plain.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            }
        }
        return CqlSession.builder().withConfigLoader(config).addContactPoint(server.address())
                .withLocalDatacenter(server.datacenter()).withKeyspace(CqlIdentifier.fromCql(KEYSPACE))
                .withRequestTracker(requests).build();
    }

    /** (a) ns per warm lookup, file store then Cassandra store, and the Cassandra requests of the timed part. */
    private static void warmLookup(CqlSession session, Requests requests, int domains) throws Exception {
        Path dir = Files.createTempDirectory("cluster-bench-policies");
        double file = lookups("file", new FilePolicyStore(dir), domains, null);
        double cassandra = lookups("cassandra", new CassandraPolicyStore(session, KEYSPACE, TIMEOUT), domains, requests);
        System.out.printf("(a) warm lookup, %d domains round robin: file store %.0f ns/op, cassandra store %.0f ns/op%n",
                domains, file, cassandra);
    }

    private static double lookups(String name, PolicyStore store, int domains, Requests requests) {
        PolicyService service = new PolicyService(Clock.systemUTC(), new BenchPolicies.StaticDns(),
                new BenchPolicies.StaticFetcher(), store, PolicyEventListener.NONE,
                PolicyServiceSettings.builder().maxTxtTtl(Duration.ofDays(1)).build());
        DomainName[] names = new DomainName[domains];
        long setupStart = System.nanoTime();
        long r0 = requests == null ? 0 : requests.reads.get();
        long w0 = requests == null ? 0 : requests.writes.get();
        for (int i = 0; i < domains; i++) {
            names[i] = BenchPolicies.domain(i);
            if (!service.lookup(names[i]).hasPolicy()) {
                throw new IllegalStateException("no policy for " + names[i]);
            }
        }
        if (requests != null) {
            System.out.printf("(a) first (cold) lookups of %d domains with the cassandra store: %s, %.1f s%n", domains,
                    requests.since(r0, w0), (System.nanoTime() - setupStart) / 1e9);
        }
        int rounds = 5;
        long perRound = 2_000_000;
        double[] nsPerOp = new double[rounds + 2];
        long before = requests == null ? 0 : requests.total();
        int next = 0;
        PolicyLookup last = null;
        for (int round = 0; round < nsPerOp.length; round++) { // the first two rounds warm the JIT up
            long start = System.nanoTime();
            for (long i = 0; i < perRound; i++) {
                last = service.lookup(names[next]);
                next = next + 1 == names.length ? 0 : next + 1;
            }
            nsPerOp[round] = (System.nanoTime() - start) / (double) perRound;
        }
        if (last == null || !last.hasPolicy()) {
            throw new IllegalStateException("a warm lookup found no policy");
        }
        service.close();
        double[] measured = Arrays.copyOfRange(nsPerOp, 2, nsPerOp.length);
        Arrays.sort(measured);
        System.out.printf("(a) %s store: %d warm lookups in %d rounds, ns/op per round %s, median %.0f%s%n", name,
                rounds * perRound, rounds, Arrays.toString(Arrays.stream(measured).map(Math::rint).toArray()),
                measured[rounds / 2], requests == null ? ""
                        : ", Cassandra requests during them: " + (requests.total() - before));
        return measured[rounds / 2];
    }

    /** (b) requests of N deliveries and of the push; (c) two nodes, D domains, the day's report run. */
    private static void deliveriesAndReports(CqlSession a, Requests requestsA, CqlSession b, Requests requestsB,
            int domains) throws Exception {
        Instant noon = LocalDate.now(ZoneOffset.UTC).minusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        Clock clock = Clock.fixed(noon, ZoneOffset.UTC);
        LocalDate day = LocalDate.ofInstant(noon, ZoneOffset.UTC);
        TlsRptRecorder recorderA = new TlsRptRecorder(RecorderSettings.builder(
                Files.createTempDirectory("cluster-bench-a")).build(), clock);
        TlsRptRecorder recorderB = new TlsRptRecorder(RecorderSettings.builder(
                Files.createTempDirectory("cluster-bench-b")).build(), clock);
        CassandraAggregates nodeA = new CassandraAggregates(a, KEYSPACE, recorderA, "a", TIMEOUT, clock);
        CassandraAggregates nodeB = new CassandraAggregates(b, KEYSPACE, recorderB, "b", TIMEOUT, clock);

        int deliveries = 100_000;
        int busyDomains = 100;
        long r0 = requestsA.reads.get();
        long w0 = requestsA.writes.get();
        for (int i = 0; i < deliveries; i++) {
            recorderA.observe(delivered(BenchPolicies.domain(i % busyDomains), noon), "mail-" + i);
        }
        System.out.printf("(b) %d deliveries to %d domains recorded: %s%n", deliveries, busyDomains,
                requestsA.since(r0, w0));
        r0 = requestsA.reads.get();
        w0 = requestsA.writes.get();
        int rows = nodeA.push();
        int again = nodeA.push();
        settle();
        System.out.printf("(b) push after them: %d rows; a second push with nothing new: %d rows; together %s%n",
                rows, again, requestsA.since(r0, w0));

        for (int i = 0; i < domains; i++) {
            recorderA.observe(delivered(BenchPolicies.domain(i), noon), "a-" + i);
            recorderB.observe(delivered(BenchPolicies.domain(i), noon), "b-" + i);
        }
        long start = System.nanoTime();
        r0 = requestsA.reads.get();
        w0 = requestsA.writes.get();
        long rB = requestsB.reads.get();
        long wB = requestsB.writes.get();
        int pushedA = nodeA.push();
        int pushedB = nodeB.push();
        settle();
        System.out.printf("(c) both nodes push %d domains each: %d + %d rows, node a %s, node b %s, %.1f s%n", domains,
                pushedA, pushedB, requestsA.since(r0, w0), requestsB.since(rB, wB), (System.nanoTime() - start) / 1e9);

        r0 = requestsA.reads.get();
        w0 = requestsA.writes.get();
        start = System.nanoTime();
        ReportLeases leases = new CassandraReportLeases(a, KEYSPACE, "a", Duration.ofMinutes(30), TIMEOUT);
        ClaimedAggregates claimed = new ClaimedAggregates(nodeA, leases);
        List<DaySummary> summaries = new ArrayList<>();
        for (LocalDate reported : claimed.days()) {
            for (DomainName domain : claimed.domains(reported)) {
                claimed.summary(reported, domain).ifPresent(summaries::add);
            }
        }
        long built = System.nanoTime();
        long confirmed = summaries.stream()
                .filter(s -> leases.confirm(s.day(), s.policyDomain()) == ReportLeases.Answer.MINE).count();
        long end = System.nanoTime();
        settle();
        long sessions = summaries.stream().filter(s -> s.day().equals(day))
                .mapToLong(s -> s.policies().stream().mapToLong(p -> p.successfulSessions()).sum()).sum();
        System.out.printf("(c) node a builds the day's reports: %d summaries (%d sessions summed) in %.1f s, %d"
                + " confirmations in %.1f s; %s%n", summaries.size(), sessions, (built - start) / 1e9, confirmed,
                (end - built) / 1e9, requestsA.since(r0, w0));
        recorderA.close();
        recorderB.close();
    }

    private static DomainDelivery delivered(DomainName domain, Instant at) throws Exception {
        MxCandidate mx = new MxCandidate(DomainName.of("mx1." + domain.asciiName()), 10, false);
        AttemptResult ok = AttemptResult.builder(mx, at).address(InetAddress.getByName("192.0.2.10"))
                .localAddress(InetAddress.getByName("198.51.100.1")).serverName(mx.host().asciiName())
                .tls(new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", true))
                .outcome(Outcome.DELIVERED, "delivered").build();
        PolicyLookup lookup = PolicyLookup.policy(BenchPolicies.cachedPolicyOf(domain, at));
        return new DomainDelivery(domain, lookup, TlsMode.REQUIRE_VALIDATED, List.of(ok), List.of());
    }
}
