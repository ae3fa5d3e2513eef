package dev.mtasts.james.cassandra;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.tlsrpt.send.ReportLeases;

/**
 * Report leases in the table {@code mta_sts_report_lease}, decided by Cassandra's lightweight transactions
 * (Paxos, serial consistency SERIAL): a claim is {@code INSERT ... IF NOT EXISTS USING TTL <cassandra.lease>},
 * so exactly one node wins while the lease lives and another may win once it expired; a confirmation is
 * {@code UPDATE ... USING TTL 0 ... IF owner = <this node>}, which makes the lease permanent. Final answers
 * (a confirmed lease, this node's or another's) are remembered in memory, so a reported day costs no more
 * transactions. Thread-safe; never throws (UNKNOWN when Cassandra does not answer).
 */
final class CassandraReportLeases implements ReportLeases {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraReportLeases.class);
    private static final String CLAIMED = "claimed";
    private static final String CONFIRMED = "confirmed";

    private final CqlSession session;
    private final String node;
    private final Duration timeout;
    private final PreparedStatement claim;
    private final PreparedStatement confirm;
    private final Map<String, Answer> settled = new ConcurrentHashMap<>();

    CassandraReportLeases(CqlSession session, String keyspace, String node, Duration lease, Duration timeout) {
        this.session = session;
        this.node = node;
        this.timeout = timeout;
        String table = keyspace + "." + MtaStsTables.LEASE;
        this.claim = session.prepare("INSERT INTO " + table + " (day, domain, owner, state) VALUES (?, ?, ?, '"
                + CLAIMED + "') IF NOT EXISTS USING TTL " + Math.max(1, lease.toSeconds()));
        this.confirm = session.prepare("UPDATE " + table + " USING TTL 0 SET owner = ?, state = '" + CONFIRMED
                + "' WHERE day = ? AND domain = ? IF owner = ?");
    }

    @Override
    public Answer claim(LocalDate day, DomainName domain) {
        Answer known = settled.get(key(day, domain));
        if (known != null) {
            return known;
        }
        try {
            return settle(day, domain, execute(claim.bind(day, domain.asciiName(), node)));
        } catch (DriverException | IllegalStateException e) {
            LOG.warn("MTA-STS: the TLS-RPT report lease of {} for {} cannot be claimed (Cassandra: {}); tried again"
                    + " at the next report run", domain, day, e.toString());
            return Answer.UNKNOWN;
        }
    }

    @Override
    public Answer confirm(LocalDate day, DomainName domain) {
        Answer known = settled.get(key(day, domain));
        if (known != null) {
            return known;
        }
        try {
            ResultSet result = execute(confirm.bind(node, day, domain.asciiName(), node));
            if (result.wasApplied()) {
                return confirmed(day, domain);
            }
            Row row = result.one();
            String owner = row == null || !row.getColumnDefinitions().contains("owner") ? null : row.getString("owner");
            if (owner == null) {
                // The lease expired and nobody else claimed it: claim it again, then confirm.
                if (claim(day, domain) == Answer.MINE && execute(confirm.bind(node, day, domain.asciiName(), node))
                        .wasApplied()) {
                    return confirmed(day, domain);
                }
                return Answer.UNKNOWN;
            }
            return claim(day, domain);
        } catch (DriverException | IllegalStateException e) {
            LOG.warn("MTA-STS: the TLS-RPT report lease of {} for {} cannot be confirmed (Cassandra: {}); the report"
                    + " is sent once it can", domain, day, e.toString());
            return Answer.UNKNOWN;
        }
    }

    /** The answer of a claim: applied, or the owner and state it returned; a confirmed lease is final. */
    private Answer settle(LocalDate day, DomainName domain, ResultSet result) {
        if (result.wasApplied()) {
            return Answer.MINE;
        }
        Row row = result.one();
        String owner = row == null || !row.getColumnDefinitions().contains("owner") ? null : row.getString("owner");
        if (owner == null) {
            return Answer.UNKNOWN;
        }
        Answer answer = node.equals(owner) ? Answer.MINE : Answer.OTHER;
        if (CONFIRMED.equals(row.getString("state"))) {
            settled.put(key(day, domain), answer);
        }
        return answer;
    }

    private Answer confirmed(LocalDate day, DomainName domain) {
        settled.put(key(day, domain), Answer.MINE);
        return Answer.MINE;
    }

    private ResultSet execute(Statement<?> statement) {
        return session.execute(statement.setConsistencyLevel(ConsistencyLevel.QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.SERIAL).setTimeout(timeout));
    }

    private static String key(LocalDate day, DomainName domain) {
        return day + " " + domain.asciiName();
    }
}
