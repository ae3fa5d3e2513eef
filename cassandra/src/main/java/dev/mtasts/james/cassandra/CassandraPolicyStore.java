package dev.mtasts.james.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyStore;
import dev.mtasts.core.cache.StoreException;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.policy.StsPolicyParser;

/**
 * The cluster's policy cache in the table {@code mta_sts_policy}: one row per policy domain, written by the node
 * that fetched it, read by every node when it checks the domain's TXT record ({@link #shared()}), deleted by
 * an eviction on any node. Reads and writes at LOCAL_QUORUM, each bounded by {@code cassandra.timeout}. A row
 * that does not parse is skipped with a WARN. Thread-safe.
 */
final class CassandraPolicyStore implements PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraPolicyStore.class);

    private final CqlSession session;
    private final Duration timeout;
    private final PreparedStatement insert;
    private final PreparedStatement selectOne;
    private final PreparedStatement delete;
    private final SimpleStatement selectAll;

    CassandraPolicyStore(CqlSession session, String keyspace, Duration timeout) {
        this.session = session;
        this.timeout = timeout;
        String table = keyspace + "." + MtaStsTables.POLICY;
        this.insert = session.prepare("INSERT INTO " + table + " (domain, id, lines, fetched_at) VALUES (?, ?, ?, ?)");
        this.selectOne = session.prepare("SELECT domain, id, lines, fetched_at FROM " + table + " WHERE domain = ?");
        this.delete = session.prepare("DELETE FROM " + table + " WHERE domain = ?");
        this.selectAll = SimpleStatement.newInstance("SELECT domain, id, lines, fetched_at FROM " + table)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setTimeout(timeout);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public List<CachedPolicy> loadAll() {
        List<CachedPolicy> policies = new ArrayList<>();
        try {
            for (Row row : session.execute(selectAll)) {
                read(row).ifPresent(policies::add);
            }
        } catch (DriverException | IllegalStateException e) {
            throw new StoreException("the Cassandra table " + MtaStsTables.POLICY + " cannot be read: " + e, e);
        }
        return policies;
    }

    @Override
    public Optional<CachedPolicy> load(DomainName domain) {
        try {
            Row row = session.execute(selectOne.bind(domain.asciiName())
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setTimeout(timeout)).one();
            return row == null ? Optional.empty() : read(row);
        } catch (DriverException | IllegalStateException e) {
            throw new StoreException("the policy of " + domain + " cannot be read from Cassandra: " + e, e);
        }
    }

    @Override
    public void save(CachedPolicy policy) {
        try {
            session.execute(insert.bind(policy.domain().asciiName(), policy.id(), policy.policy().lines(),
                    policy.fetchedAt()).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).setTimeout(timeout));
        } catch (DriverException | IllegalStateException e) {
            throw new StoreException("the policy of " + policy.domain() + " cannot be written to Cassandra: " + e, e);
        }
    }

    @Override
    public void delete(DomainName domain) {
        try {
            session.execute(delete.bind(domain.asciiName()).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                    .setTimeout(timeout));
        } catch (DriverException | IllegalStateException e) {
            throw new StoreException("the policy of " + domain + " cannot be deleted from Cassandra: " + e, e);
        }
    }

    private static Optional<CachedPolicy> read(Row row) {
        String name = row.getString("domain");
        Parsed<DomainName> domain = DomainName.parse(name == null ? "" : name);
        List<String> lines = row.getList("lines", String.class);
        Instant fetchedAt = row.getInstant("fetched_at");
        String id = row.getString("id");
        Parsed<StsPolicy> policy = StsPolicyParser.parse(String.join("\r\n", lines) + "\r\n");
        if (!domain.isValid() || id == null || fetchedAt == null || !policy.isValid()) {
            LOG.warn("MTA-STS: the cached policy row of '{}' in {} is damaged and skipped ({})", name,
                    MtaStsTables.POLICY, policy.isValid() ? "missing id or fetch time" : policy.describeErrors());
            return Optional.empty();
        }
        return Optional.of(new CachedPolicy(domain.value(), id, policy.value(), fetchedAt));
    }
}
