package dev.mtasts.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.HttpsPolicyFetcher;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.https.BlackHoleAddresses;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.tls.TestCa;
import dev.mtasts.testkit.time.MutableClock;

/**
 * Callers of the policy service wait at most {@code lookupWait} for a discovery, their own or one in flight,
 * when the policy host black-holes the fetch (issue 8, "hostile world"): real DNS server, real black-hole
 * addresses, real fetcher with a fetch deadline longer than the wait bound.
 */
class PolicyServiceWaitBoundTest {
    private static final DomainName DOMAIN = DomainName.of("hostile.test");
    private static final String TXT = "_mta-sts.hostile.test";
    private static final String HOST = "mta-sts.hostile.test";
    private static final Duration WAIT = Duration.ofMillis(600);
    private static final Duration FETCH_DEADLINE = Duration.ofSeconds(3);

    @TempDir
    Path store;

    private final MutableClock clock = new MutableClock(Instant.now());
    private final TestCa ca = TestCa.create();
    private TestDnsServer dns;
    private BlackHoleAddresses holes;
    private PolicyService service;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        holes = BlackHoleAddresses.start(80, 3, 0);
        dns.txt(TXT, 300, "v=STSv1; id=one;");
    }

    private PolicyService service(int port) {
        DnsJavaResolver resolver = new DnsJavaResolver(ResolverSettings.builder().server(dns.hostPort())
                .timeout(Duration.ofSeconds(2)).build());
        CertificateVerifier verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"),
                clock);
        HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(resolver, verifier, FetchSettings.defaults().withPort(port)
                .withConnectTimeout(FETCH_DEADLINE).withTotalTimeout(FETCH_DEADLINE));
        return new PolicyService(clock, resolver, fetcher, new FilePolicyStore(store), PolicyEventListener.NONE,
                PolicyServiceSettings.builder().lookupWait(WAIT).build());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        holes.close();
        dns.close();
    }

    @Test
    void shouldAnswerTemporarilyUnknownToEveryWaiterWithinTheBoundWhenNothingIsCached() throws Exception {
        holes.addresses().forEach(a -> dns.a(HOST, 300, a.getHostAddress()));
        service = service(holes.port());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Timed>> lookups = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lookups.add(threads.submit(() -> {
                go.await();
                long start = System.nanoTime();
                PolicyLookup lookup = service.lookup(DOMAIN);
                return new Timed(lookup, Duration.ofNanos(System.nanoTime() - start));
            }));
        }
        go.countDown();
        for (Future<Timed> future : lookups) {
            Timed timed = future.get(10, TimeUnit.SECONDS);
            assertThat(timed.took).isGreaterThanOrEqualTo(WAIT.minusMillis(50)).isLessThan(WAIT.plusMillis(900));
            assertThat(timed.lookup.kind()).isEqualTo(PolicyLookup.Kind.TEMPORARILY_UNKNOWN);
            assertThat(timed.lookup.failure().orElseThrow().resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
            assertThat(timed.lookup.failure().orElseThrow().code()).isEqualTo("lookup-timeout");
            assertThat(timed.lookup.failure().orElseThrow().sentence()).contains("was not known within 600 ms");
        }
        threads.shutdown();
        // one shared discovery: one TXT query, one connection (the fetch is still on the first address)
        assertThat(dns.queryCount(TXT, Type.TXT)).isEqualTo(1);
        assertThat(holes.acceptedCounts()).containsExactly(1, 0, 0);
    }

    @Test
    void shouldApplyTheValidCachedPolicyWhenTheNewOneCannotBeFetchedWithinTheBound() throws Exception {
        try (TestHttpsServer good = TestHttpsServer.start("127.0.0.79", ca.leaf(HOST))) {
            good.respond("/.well-known/mta-sts.txt",
                    TestResponse.policy("version: STSv1\nmode: enforce\nmx: mx.hostile.test\nmax_age: 604800\n"));
            // the black holes listen on the good server's port, so the fetch reaches them after the switch
            holes.close();
            holes = BlackHoleAddresses.start(80, 1, good.port());
            dns.a(HOST, 300, "127.0.0.79");
            service = service(good.port());
            assertThat(service.lookup(DOMAIN).policy().orElseThrow().id()).isEqualTo("one");

            dns.remove(HOST, Type.A).a(HOST, 300, holes.addresses().get(0).getHostAddress());
            dns.remove(TXT).txt(TXT, 300, "v=STSv1; id=two;");
            clock.advance(Duration.ofSeconds(301)); // past the TXT answer's TTL: the next lookup asks again
            long start = System.nanoTime();
            PolicyLookup lookup = service.lookup(DOMAIN);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(WAIT.plusMillis(900));
            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.POLICY);
            assertThat(lookup.policy().orElseThrow().id()).isEqualTo("one");
            assertThat(lookup.policy().orElseThrow().policy().mode()).isEqualTo(PolicyMode.ENFORCE);
            assertThat(lookup.failure().orElseThrow().code()).isEqualTo("lookup-timeout");
            assertThat(holes.acceptedCounts()).containsExactly(1);
        }
    }

    private static final class Timed {
        final PolicyLookup lookup;
        final Duration took;

        Timed(PolicyLookup lookup, Duration took) {
            this.lookup = lookup;
            this.took = took;
        }
    }
}
