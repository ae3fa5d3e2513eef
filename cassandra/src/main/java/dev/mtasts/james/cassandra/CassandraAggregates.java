package dev.mtasts.james.cassandra;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.tlsrpt.AggregateSource;
import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.record.DaySummaryCodec;

/**
 * The TLS-RPT counts of every node, in the table {@code mta_sts_tlsrpt_counts}: one row per UTC day, policy
 * domain and node holding that node's totals (never deltas, so a repeated or late write never counts twice).
 *
 * <p><b>Writing</b> ({@link #push()}, every {@code cassandra.push.interval} on the store's own thread): the
 * rows of this node whose totals changed since the last successful push. Recording itself never touches
 * Cassandra: it stays in the node's in-memory recorder (checkpointed to {@code data.dir} as with the file
 * store), so when Cassandra is down nothing is lost or dropped; the next push that succeeds writes the
 * totals. <b>Reading</b> (this class as an {@link AggregateSource}): every other node's rows plus this node's
 * live totals, summed per applied policy. Reads throw {@link IllegalStateException} when Cassandra cannot
 * answer (a report is never built from part of the cluster's counts). LOCAL_QUORUM, bounded by
 * {@code cassandra.timeout}. Thread-safe.
 */
final class CassandraAggregates implements AggregateSource {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraAggregates.class);

    private final CqlSession session;
    private final AggregateSource local;
    private final String node;
    private final Duration timeout;
    private final Clock clock;
    private final DaySummaryCodec codec = new DaySummaryCodec();
    private final PreparedStatement upsert;
    private final PreparedStatement domainsOfDay;
    private final PreparedStatement rowsOfDomain;
    private final PreparedStatement deleteDay;
    private final String table;
    /** What the last successful push wrote, per day and domain, to skip unchanged rows. */
    private final Map<String, byte[]> pushed = new ConcurrentHashMap<>();
    private volatile boolean failing;

    CassandraAggregates(CqlSession session, String keyspace, AggregateSource local, String node, Duration timeout,
            Clock clock) {
        this.session = session;
        this.local = local;
        this.node = node;
        this.timeout = timeout;
        this.clock = clock;
        this.table = keyspace + "." + MtaStsTables.COUNTS;
        this.upsert = session.prepare("INSERT INTO " + table + " (day, domain, node, counts, updated) VALUES (?, ?, ?, ?, ?)");
        this.domainsOfDay = session.prepare("SELECT domain FROM " + table + " WHERE day = ?");
        this.rowsOfDomain = session.prepare("SELECT node, counts FROM " + table + " WHERE day = ? AND domain = ?");
        this.deleteDay = session.prepare("DELETE FROM " + table + " WHERE day = ?");
    }

    /**
     * Writes this node's changed totals. Never throws: a failure is WARNed once (then DEBUG until a push
     * succeeds again) and the rows are written at the next push. Returns how many rows were written.
     */
    int push() {
        int written = 0;
        try {
            for (LocalDate day : local.days()) {
                for (DomainName domain : local.domains(day)) {
                    Optional<DaySummary> summary = local.summary(day, domain);
                    if (summary.isEmpty()) {
                        continue;
                    }
                    byte[] bytes = codec.encode(summary.get());
                    String key = day + " " + domain.asciiName();
                    if (Arrays.equals(bytes, pushed.get(key))) {
                        continue;
                    }
                    execute(upsert.bind(day, domain.asciiName(), node, ByteBuffer.wrap(bytes), clock.instant()));
                    pushed.put(key, bytes);
                    written++;
                }
            }
            if (failing) {
                LOG.info("MTA-STS: the TLS-RPT counts of node {} are written to Cassandra again", node);
                failing = false;
            }
        } catch (DriverException | IllegalStateException e) {
            if (!failing) {
                LOG.warn("MTA-STS: the TLS-RPT counts of node {} cannot be written to Cassandra; they stay counted"
                        + " in memory and in data.dir and are written when Cassandra answers again: {}", node,
                        e.toString());
                failing = true;
            } else {
                LOG.debug("MTA-STS: TLS-RPT counts still not written to Cassandra: {}", e.toString());
            }
        }
        return written;
    }

    @Override
    public List<LocalDate> days() {
        TreeSet<LocalDate> days = new TreeSet<>(local.days());
        for (Row row : query(SimpleStatement.newInstance("SELECT DISTINCT day FROM " + table))) {
            days.add(row.getLocalDate("day"));
        }
        return new ArrayList<>(days);
    }

    @Override
    public List<DomainName> domains(LocalDate day) {
        TreeSet<DomainName> domains = new TreeSet<>(local.domains(day));
        for (Row row : query(domainsOfDay.bind(day))) {
            Parsed<DomainName> domain = DomainName.parse(row.getString("domain"));
            if (domain.isValid()) {
                domains.add(domain.value());
            }
        }
        return new ArrayList<>(domains);
    }

    @Override
    public Optional<DaySummary> summary(LocalDate day, DomainName domain) {
        List<DaySummary> nodes = new ArrayList<>();
        local.summary(day, domain).ifPresent(nodes::add);
        for (Row row : query(rowsOfDomain.bind(day, domain.asciiName()))) {
            String rowNode = row.getString("node");
            if (node.equals(rowNode)) {
                continue; // this node's live totals are newer than its row
            }
            ByteBuffer buffer = row.getByteBuffer("counts");
            byte[] bytes = new byte[buffer == null ? 0 : buffer.remaining()];
            if (buffer != null) {
                buffer.duplicate().get(bytes);
            }
            Parsed<DaySummary> parsed = codec.decode(day, domain, bytes);
            if (parsed.isValid()) {
                nodes.add(parsed.value());
            } else {
                LOG.warn("MTA-STS: the TLS-RPT counts of node {} for {} on {} are damaged and left out: {}", rowNode,
                        domain, day, parsed.describeErrors());
            }
        }
        return nodes.isEmpty() ? Optional.empty() : Optional.of(DaySummaryCodec.sum(day, domain, nodes));
    }

    /** Forgets the days before {@code oldestKept} here and in the shared table (any node may do it). */
    @Override
    public void discardBefore(LocalDate oldestKept) {
        local.discardBefore(oldestKept);
        pushed.keySet().removeIf(key -> LocalDate.parse(key.substring(0, key.indexOf(' '))).isBefore(oldestKept));
        for (LocalDate day : days()) {
            if (day.isBefore(oldestKept)) {
                execute(deleteDay.bind(day));
            }
        }
    }

    private Iterable<Row> query(Statement<?> statement) {
        try {
            return session.execute(statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setTimeout(timeout))
                    .all();
        } catch (DriverException | IllegalStateException e) {
            throw new IllegalStateException("the cluster's TLS-RPT counts cannot be read from Cassandra: " + e, e);
        }
    }

    private void execute(Statement<?> statement) {
        session.execute(statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setTimeout(timeout));
    }
}
