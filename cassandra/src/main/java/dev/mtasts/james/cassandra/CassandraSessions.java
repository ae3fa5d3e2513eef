package dev.mtasts.james.cassandra;

import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/**
 * Opens the module's own Cassandra session, where James has none (the memory server beside a Cassandra, and
 * the tests): contact points, local data center and keyspace from {@code cassandra.*}; creates the keyspace
 * first when {@code cassandra.create.keyspace=true}. Start-up failures throw {@link IllegalStateException}
 * naming the contact points.
 */
final class CassandraSessions {
    private CassandraSessions() {
    }

    static CqlSession open(CassandraStoreSettings settings) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, settings.timeout())
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .build();
        try {
            if (settings.createKeyspace()) {
                try (CqlSession plain = builder(settings, config).build()) {
                    plain.execute("CREATE KEYSPACE IF NOT EXISTS " + settings.keyspace() + " WITH replication ="
                            + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
                }
            }
            return builder(settings, config).withKeyspace(CqlIdentifier.fromCql(settings.keyspace())).build();
        } catch (RuntimeException e) {
            throw new IllegalStateException("MTA-STS: cannot open a Cassandra session to "
                    + settings.contactPoints() + " (keyspace " + settings.keyspace() + ", data center "
                    + settings.datacenter() + "): " + e.getMessage(), e);
        }
    }

    private static com.datastax.oss.driver.api.core.CqlSessionBuilder builder(CassandraStoreSettings settings,
            DriverConfigLoader config) {
        return CqlSession.builder().withConfigLoader(config).addContactPoints(settings.contactPoints())
                .withLocalDatacenter(settings.datacenter());
    }
}
