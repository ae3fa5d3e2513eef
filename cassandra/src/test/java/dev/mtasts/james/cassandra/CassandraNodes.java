package dev.mtasts.james.cassandra;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.datastax.oss.driver.api.core.CqlSession;

import dev.mtasts.testkit.cassandra.CassandraTestServer;

/**
 * Sessions of simulated cluster nodes on the one real Cassandra of this test JVM: each test class gets a fresh
 * keyspace, each "node" its own session (as two James nodes have), created as the module creates them.
 */
final class CassandraNodes implements AutoCloseable {
    private static final AtomicInteger KEYSPACES = new AtomicInteger();

    private final String keyspace = "mtasts_test_" + KEYSPACES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    private final List<CqlSession> sessions = new ArrayList<>();

    /** The settings of node {@code name}, with {@code extra} keys on top. */
    CassandraStoreSettings settings(String name, Map<String, String> extra) {
        CassandraTestServer server = CassandraTestServer.shared();
        InetSocketAddress address = server.address();
        Map<String, String> keys = new java.util.HashMap<>(Map.of(
                CassandraStoreSettings.NODE, name,
                CassandraStoreSettings.CONTACT_POINTS, address.getHostString() + ":" + address.getPort(),
                CassandraStoreSettings.KEYSPACE, keyspace,
                CassandraStoreSettings.DATACENTER, server.datacenter(),
                CassandraStoreSettings.CREATE_KEYSPACE, "true",
                CassandraStoreSettings.TIMEOUT, "10s"));
        keys.putAll(extra);
        return CassandraStoreSettings.parse(keys);
    }

    /** A new session of node {@code name} on this class's keyspace, tables created. */
    CqlSession session(String name) {
        boolean first = sessions.isEmpty();
        CqlSession session = CassandraSessions.open(settings(name,
                Map.of(CassandraStoreSettings.CREATE_KEYSPACE, String.valueOf(first))));
        if (first) {
            MtaStsTables.createIfMissing(session);
        }
        sessions.add(session);
        return session;
    }

    String keyspace() {
        return keyspace;
    }

    @Override
    public void close() {
        sessions.forEach(CqlSession::close);
    }
}
