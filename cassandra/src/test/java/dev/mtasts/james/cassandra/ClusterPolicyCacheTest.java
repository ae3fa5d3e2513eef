package dev.mtasts.james.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import com.datastax.oss.driver.api.core.CqlSession;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.HttpsPolicyFetcher;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.tls.TestCa;
import dev.mtasts.testkit.time.MutableClock;

/**
 * Two nodes' policy services, wired as in production (real DNS server, real HTTPS policy host with a test CA
 * certificate), sharing one policy table on a real Cassandra: a policy one node fetched is used by the other
 * without a second fetch; an eviction on one node reaches the other once its TXT answer's TTL has passed.
 */
class ClusterPolicyCacheTest {
    private static final String PATH = "/.well-known/mta-sts.txt";
    private static final String ENFORCE = "version: STSv1\nmode: enforce\nmx: mx1.%s\nmax_age: 604800\n";
    private static final long TXT_TTL = 300;
    private static CassandraNodes cassandra;
    private static CqlSession sessionA;
    private static CqlSession sessionB;
    private static int domains;

    private final MutableClock clock = new MutableClock(Instant.now());
    private TestCa ca;
    private TestDnsServer dns;
    private TestHttpsServer host;
    private PolicyService nodeA;
    private PolicyService nodeB;
    private DomainName domain;

    @BeforeAll
    static void cassandra() {
        cassandra = new CassandraNodes();
        sessionA = cassandra.session("a");
        sessionB = cassandra.session("b");
    }

    @AfterAll
    static void stopCassandra() {
        cassandra.close();
    }

    @BeforeEach
    void start() throws Exception {
        String name = "shared" + (++domains) + ".test";
        domain = DomainName.of(name);
        ca = TestCa.create();
        dns = TestDnsServer.start();
        host = TestHttpsServer.start("127.0.0.62", ca.issue(Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)), "mta-sts." + name));
        dns.a("mta-sts." + name, 300, "127.0.0.62").txt("_mta-sts." + name, TXT_TTL, "v=STSv1; id=one;");
        host.respond(PATH, TestResponse.policy(String.format(ENFORCE, name)));
        nodeA = node(sessionA);
        nodeB = node(sessionB);
    }

    private PolicyService node(CqlSession session) {
        DnsJavaResolver resolver = new DnsJavaResolver(ResolverSettings.builder().server(dns.hostPort())
                .timeout(Duration.ofSeconds(5)).build());
        CertificateVerifier verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"),
                clock);
        HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(resolver, verifier,
                FetchSettings.defaults().withPort(host.port()).withTotalTimeout(Duration.ofSeconds(5)));
        return new PolicyService(clock, resolver, fetcher, new CassandraPolicyStore(session, cassandra.keyspace(),
                Duration.ofSeconds(10)), PolicyEventListener.NONE, PolicyServiceSettings.defaults());
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        host.close();
        dns.close();
    }

    @Test
    void shouldUseThePolicyAnotherNodeFetchedWithoutFetchingItAgain() {
        assertThat(nodeA.lookup(domain).policy().get().policy().mode()).isEqualTo(PolicyMode.ENFORCE);

        PolicyLookup onB = nodeB.lookup(domain);

        assertThat(onB.policy().get().policy().mode()).isEqualTo(PolicyMode.ENFORCE);
        // Cassandra keeps milliseconds
        assertThat(onB.policy().get().fetchedAt()).isEqualTo(nodeA.cached(domain).get().fetchedAt()
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(host.requestsTo(PATH)).as("one fetch for the whole cluster").hasSize(1);
        assertThat(dns.queryCount("_mta-sts." + domain.asciiName(), Type.TXT)).as("each node checks the TXT record")
                .isEqualTo(2);
    }

    @Test
    void shouldReadNoStoreOnAWarmLookup() {
        nodeA.lookup(domain);
        nodeB.lookup(domain);
        sessionB.execute("TRUNCATE " + cassandra.keyspace() + "." + MtaStsTables.POLICY);

        // Within the TXT TTL, B answers from memory: the emptied table is not read.
        assertThat(nodeB.lookup(domain).hasPolicy()).isTrue();
        assertThat(host.requestsTo(PATH)).hasSize(1);
    }

    @Test
    void shouldDropAPolicyEvictedOnAnotherNodeOnceItsTxtTtlHasPassed() {
        nodeA.lookup(domain);
        nodeB.lookup(domain);
        host.respond(PATH, TestResponse.policy(String.format(ENFORCE, domain.asciiName())
                .replace("enforce", "testing")));

        nodeA.evict(domain);
        assertThat(nodeB.lookup(domain).policy().get().policy().mode()).as("within the TXT TTL: memory")
                .isEqualTo(PolicyMode.ENFORCE);

        clock.advance(Duration.ofSeconds(TXT_TTL + 1));
        PolicyLookup afterTtl = nodeB.lookup(domain);

        assertThat(afterTtl.policy().get().policy().mode()).as("fetched again after the eviction")
                .isEqualTo(PolicyMode.TESTING);
        assertThat(host.requestsTo(PATH)).hasSize(2);
        assertThat(nodeA.lookup(domain).policy().get().policy().mode()).as("A uses what B fetched")
                .isEqualTo(PolicyMode.TESTING);
        assertThat(host.requestsTo(PATH)).hasSize(2);
    }

    @Test
    void shouldAdoptAPolicyAnotherNodeRefreshedAtItsNextTxtCheck() {
        nodeA.lookup(domain);
        nodeB.lookup(domain);
        clock.advance(Duration.ofHours(1));
        dns.remove("_mta-sts." + domain.asciiName());
        dns.txt("_mta-sts." + domain.asciiName(), TXT_TTL, "v=STSv1; id=two;");
        host.respond(PATH, TestResponse.policy(String.format(ENFORCE, domain.asciiName()).replace("604800", "86400")));

        nodeA.recheck(domain);
        PolicyLookup onB = nodeB.lookup(domain);

        assertThat(onB.policy().get().id()).isEqualTo("two");
        assertThat(onB.policy().get().policy().maxAgeSeconds()).isEqualTo(86400);
        assertThat(host.requestsTo(PATH)).hasSize(2);
    }
}
