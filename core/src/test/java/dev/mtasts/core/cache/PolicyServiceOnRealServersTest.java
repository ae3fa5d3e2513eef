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
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.tls.TestCa;
import dev.mtasts.testkit.time.MutableClock;

/**
 * The policy service wired as in production, on a real DNS server and a real HTTPS policy host with a
 * certificate from a test CA; time is a {@link MutableClock} (certificates are judged by it too).
 */
class PolicyServiceOnRealServersTest {
    private static final DomainName DOMAIN = DomainName.of("real.test");
    private static final String PATH = "/.well-known/mta-sts.txt";
    private static final String TXT = "_mta-sts.real.test";
    private static final String ENFORCE = "version: STSv1\nmode: enforce\nmx: mx1.real.test\nmax_age: 604800\n";

    @TempDir
    Path store;

    private final MutableClock clock = new MutableClock(Instant.now());
    private TestDnsServer dns;
    private TestHttpsServer host;
    private TestCa ca;
    private PolicyService service;

    @BeforeEach
    void start() throws Exception {
        ca = TestCa.create();
        dns = TestDnsServer.start();
        // valid long enough for the tests that move the clock past max_age
        host = TestHttpsServer.start("127.0.0.61", ca.issue(Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(30)), "mta-sts.real.test"));
        dns.a("mta-sts.real.test", 300, "127.0.0.61").txt(TXT, 300, "v=STSv1; id=one;");
        host.respond(PATH, TestResponse.policy(ENFORCE));
        service = newService();
    }

    private PolicyService newService() {
        DnsJavaResolver resolver = new DnsJavaResolver(ResolverSettings.builder().server(dns.hostPort())
            .timeout(Duration.ofSeconds(5)).build());
        CertificateVerifier verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"), clock);
        HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(resolver, verifier,
            FetchSettings.defaults().withPort(host.port()).withTotalTimeout(Duration.ofSeconds(5)));
        return new PolicyService(clock, resolver, fetcher, new FilePolicyStore(store), PolicyEventListener.NONE,
            PolicyServiceSettings.defaults());
    }

    @AfterEach
    void stop() {
        service.close();
        host.close();
        dns.close();
    }

    @Test
    void shouldAskDnsOnceAndFetchOnceForAHundredConcurrentLookupsOfAColdDomain() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PolicyLookup>> lookups = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lookups.add(threads.submit(() -> {
                go.await();
                return service.lookup(DOMAIN);
            }));
        }
        go.countDown();
        for (Future<PolicyLookup> lookup : lookups) {
            assertThat(lookup.get(20, TimeUnit.SECONDS).policy().get().policy().mode()).isEqualTo(PolicyMode.ENFORCE);
        }
        threads.shutdown();

        assertThat(dns.queryCount(TXT, Type.TXT)).isEqualTo(1);
        assertThat(host.requestsTo(PATH)).hasSize(1);
    }

    @Test
    void shouldFetchTheNewPolicyWhenTheIdRotates() {
        service.lookup(DOMAIN);
        dns.remove(TXT);
        dns.txt(TXT, 300, "v=STSv1; id=two;");
        host.respond(PATH, TestResponse.policy(ENFORCE.replace("mode: enforce", "mode: testing")));

        PolicyLookup lookup = service.recheck(DOMAIN);

        assertThat(lookup.policy().get().id()).isEqualTo("two");
        assertThat(lookup.policy().get().policy().mode()).isEqualTo(PolicyMode.TESTING);
        assertThat(host.requestsTo(PATH)).hasSize(2);
    }

    @Test
    void shouldKeepTheCachedPolicyWhenTheTxtDisappearsOrDnsFails() {
        service.lookup(DOMAIN);
        dns.remove(TXT);

        assertThat(service.recheck(DOMAIN).policy().get().id()).isEqualTo("one");

        dns.servfail(TXT);
        PolicyLookup lookup = service.recheck(DOMAIN);
        assertThat(lookup.hasPolicy()).isTrue();
        assertThat(lookup.failure()).isPresent();
    }

    @Test
    void shouldSayTemporarilyUnknownOnServfailWithNothingCached() {
        dns.servfail(TXT);

        PolicyLookup lookup = service.lookup(DOMAIN);

        assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.TEMPORARILY_UNKNOWN);
        assertThat(host.requests()).isEmpty();
    }

    @Test
    void shouldKeepTheCachedPolicyWhenTheNewIdCannotBeFetched() {
        service.lookup(DOMAIN);
        dns.remove(TXT);
        dns.txt(TXT, 300, "v=STSv1; id=two;");
        host.respond(PATH, TestResponse.status(500));

        PolicyLookup lookup = service.recheck(DOMAIN);

        assertThat(lookup.policy().get().id()).isEqualTo("one");
        assertThat(lookup.failure().get().resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
    }

    @Test
    void shouldApplyTheStoredPolicyAfterARestartWhenThePolicyHostIsDown() {
        service.lookup(DOMAIN);
        service.close();
        host.close();
        dns.servfail(TXT);

        service = newService();
        PolicyLookup lookup = service.lookup(DOMAIN);

        assertThat(lookup.hasPolicy()).isTrue();
        assertThat(lookup.policy().get().policy().allowsMx(DomainName.of("mx1.real.test"))).isTrue();
    }

    @Test
    void shouldStopApplyingThePolicyOnceMaxAgeHasPassedAndNoFetchWorks() {
        host.respond(PATH, TestResponse.policy(ENFORCE.replace("604800", "86400")));
        service.lookup(DOMAIN);
        host.respond(PATH, TestResponse.status(404));

        clock.advance(Duration.ofHours(25));

        PolicyLookup lookup = service.lookup(DOMAIN);

        assertThat(lookup.hasPolicy()).isFalse();
        assertThat(lookup.failure().get().code()).isEqualTo("http-status-404");
    }
}
