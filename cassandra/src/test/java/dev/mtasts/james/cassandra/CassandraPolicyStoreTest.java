package dev.mtasts.james.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.CqlSession;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.StoreException;
import dev.mtasts.core.policy.StsPolicyParser;

/** The policy table on a real Cassandra, written by one node and read by another. */
class CassandraPolicyStoreTest {
    private static final String BODY = "version: STSv1\r\nmode: enforce\r\nmx: mx1.shared.test\r\nmx: *.mx.shared.test\r\n"
            + "max_age: 604800\r\n";
    private static CassandraNodes nodes;
    private static CassandraPolicyStore nodeA;
    private static CassandraPolicyStore nodeB;

    @BeforeAll
    static void start() {
        nodes = new CassandraNodes();
        nodeA = new CassandraPolicyStore(nodes.session("a"), nodes.keyspace(), Duration.ofSeconds(10));
        nodeB = new CassandraPolicyStore(nodes.session("b"), nodes.keyspace(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    private static CachedPolicy policy(String domain, String id) {
        return new CachedPolicy(DomainName.of(domain), id, StsPolicyParser.parse(BODY).value(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void shouldLetAnotherNodeLoadAPolicyOneNodeSaved() {
        CachedPolicy saved = policy("shared.test", "id1");
        nodeA.save(saved);

        assertThat(nodeB.load(DomainName.of("shared.test"))).contains(saved);
        assertThat(nodeB.loadAll()).contains(saved);
        assertThat(nodeB.shared()).isTrue();
    }

    @Test
    void shouldReplaceTheEntryOfADomainOnSave() {
        nodeA.save(policy("replaced.test", "old"));
        CachedPolicy newer = policy("replaced.test", "new");
        nodeB.save(newer);

        assertThat(nodeA.load(DomainName.of("replaced.test"))).contains(newer);
        assertThat(nodeA.loadAll()).filteredOn(p -> p.domain().equals(DomainName.of("replaced.test")))
                .containsExactly(newer);
    }

    @Test
    void shouldShowAnEvictionOnOneNodeToTheOther() {
        nodeA.save(policy("evicted.test", "id1"));
        nodeA.delete(DomainName.of("evicted.test"));

        assertThat(nodeB.load(DomainName.of("evicted.test"))).isEmpty();
    }

    @Test
    void shouldSkipADamagedRowWithoutFailingTheLoad() {
        CqlSession session = nodes.session("raw");
        session.execute("INSERT INTO " + nodes.keyspace() + "." + MtaStsTables.POLICY
                + " (domain, id, lines, fetched_at) VALUES ('damaged.test', 'x', ['version: STSv9'], toTimestamp(now()))");
        nodeA.save(policy("intact.test", "id1"));

        List<CachedPolicy> all = nodeB.loadAll();

        assertThat(all).extracting(p -> p.domain().asciiName()).contains("intact.test").doesNotContain("damaged.test");
        assertThat(nodeB.load(DomainName.of("damaged.test"))).isEmpty();
    }

    @Test
    void shouldThrowAStoreExceptionWhenCassandraCannotAnswer() {
        CqlSession closed = nodes.session("closed");
        CassandraPolicyStore store = new CassandraPolicyStore(closed, nodes.keyspace(), Duration.ofSeconds(2));
        closed.close();

        assertThatThrownBy(() -> store.load(DomainName.of("shared.test"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.save(policy("x.test", "1"))).isInstanceOf(StoreException.class);
    }
}
