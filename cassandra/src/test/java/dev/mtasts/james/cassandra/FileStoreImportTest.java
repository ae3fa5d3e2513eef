package dev.mtasts.james.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.policy.StsPolicyParser;
import dev.mtasts.testkit.time.MutableClock;

/** The one-time import of a file store's cached policies into the shared table, on a real Cassandra. */
class FileStoreImportTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static CassandraNodes nodes;
    private static CassandraPolicyStore cluster;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(NOW);

    @BeforeAll
    static void start() {
        nodes = new CassandraNodes();
        cluster = new CassandraPolicyStore(nodes.session("importer"), nodes.keyspace(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    private static CachedPolicy policy(String domain, Instant fetchedAt, long maxAge) {
        return new CachedPolicy(DomainName.of(domain), "id1", StsPolicyParser.parse("version: STSv1\nmode: enforce\n"
                + "mx: mx." + domain + "\nmax_age: " + maxAge + "\n").value(), fetchedAt);
    }

    @Test
    void shouldCopyTheCachedPoliciesOnceKeepingNewerSharedOnesAndSkippingExpiredOnes() throws Exception {
        FilePolicyStore files = new FilePolicyStore(dataDir.resolve("policies"));
        files.save(policy("fresh.test", NOW.minusSeconds(60), 604800));
        files.save(policy("stale-here.test", NOW.minusSeconds(3600), 604800));
        files.save(policy("expired.test", NOW.minusSeconds(100_000), 86400));
        CachedPolicy newerShared = policy("stale-here.test", NOW.minusSeconds(10), 604800);
        cluster.save(newerShared);

        int copied = FileStoreImport.importPolicies(dataDir, cluster, clock);

        assertThat(copied).isEqualTo(1);
        assertThat(cluster.load(DomainName.of("fresh.test"))).contains(policy("fresh.test", NOW.minusSeconds(60), 604800));
        assertThat(cluster.load(DomainName.of("stale-here.test"))).contains(newerShared);
        assertThat(cluster.load(DomainName.of("expired.test"))).isEmpty();
        assertThat(dataDir.resolve("policies")).doesNotExist();
        assertThat(Files.list(dataDir)).anySatisfy(p -> assertThat(p.getFileName().toString())
                .startsWith("policies.imported-"));

        cluster.delete(DomainName.of("fresh.test"));
        assertThat(FileStoreImport.importPolicies(dataDir, cluster, clock)).as("never twice").isZero();
        assertThat(cluster.load(DomainName.of("fresh.test"))).as("an eviction made since stays").isEmpty();
    }
}
