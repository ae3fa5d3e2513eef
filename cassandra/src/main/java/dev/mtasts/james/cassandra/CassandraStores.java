package dev.mtasts.james.cassandra;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;

import dev.mtasts.core.cache.PolicyStore;
import dev.mtasts.core.received.ReceivedReportParser;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.send.ReportLeases;
import dev.mtasts.james.config.ClusterStores;

/**
 * The Cassandra store of one node: policy cache, TLS-RPT counts, report leases and received reports over one
 * session (James's own, or one this module opened). {@link #start()} begins pushing this node's counts every
 * {@code cassandra.push.interval}; {@link #close()} stops that, pushes a last time, and closes the session if
 * it is this module's own. Thread-safe.
 */
final class CassandraStores implements ClusterStores, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraStores.class);

    private final CassandraStoreSettings settings;
    private final CqlSession session;
    private final boolean ownSession;
    private final CassandraPolicyStore policies;
    private final CassandraAggregates aggregates;
    private final CassandraReportLeases leases;
    private final CassandraReceivedReports received;
    private ScheduledExecutorService pusher;

    /**
     * {@code local}: this node's own recorder; {@code received}: how received reports are read, and how many days
     * they are kept ({@code tlsrpt.retention.days}). The tables must exist.
     */
    CassandraStores(CassandraStoreSettings settings, CqlSession session, boolean ownSession, AggregateSource local,
            Clock clock, Received received) {
        this.settings = settings;
        this.session = session;
        this.ownSession = ownSession;
        String keyspace = session.getKeyspace().orElseThrow(() -> new IllegalStateException(
                "the Cassandra session has no keyspace")).asCql(true);
        this.policies = new CassandraPolicyStore(session, keyspace, settings.timeout());
        this.aggregates = new CassandraAggregates(session, keyspace, local, settings.node(), settings.timeout(), clock);
        this.leases = new CassandraReportLeases(session, keyspace, settings.node(), settings.lease(),
                settings.timeout());
        this.received = new CassandraReceivedReports(session, keyspace, settings.node(), received.retentionDays,
                settings.timeout(), received.parser, clock);
    }

    /** The parser and retention of the received reports. */
    static final class Received {
        final ReceivedReportParser parser;
        final int retentionDays;

        Received(ReceivedReportParser parser, int retentionDays) {
            this.parser = parser;
            this.retentionDays = retentionDays;
        }
    }

    @Override
    public PolicyStore policies() {
        return policies;
    }

    @Override
    public AggregateSource aggregates() {
        return aggregates;
    }

    @Override
    public ReportLeases leases() {
        return leases;
    }

    @Override
    public ReceivedReportStore received() {
        return received;
    }

    /** Writes this node's changed TLS-RPT totals now (normally done every push interval). */
    int push() {
        return aggregates.push();
    }

    synchronized void start() {
        if (pusher != null) {
            throw new IllegalStateException("already started");
        }
        pusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mta-sts-cassandra-push");
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.pushInterval().toMillis();
        pusher.scheduleWithFixedDelay(aggregates::push, period, period, TimeUnit.MILLISECONDS);
        LOG.info("MTA-STS: store=cassandra, node {}, keyspace {}{}; TLS-RPT counts pushed every {} ms",
                settings.node(), session.getKeyspace().map(k -> k.asCql(true)).orElse("?"),
                ownSession ? " (own session)" : " (James's session)", period);
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = pusher;
            pusher = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        aggregates.push();
        if (ownSession) {
            session.close();
        }
    }
}
