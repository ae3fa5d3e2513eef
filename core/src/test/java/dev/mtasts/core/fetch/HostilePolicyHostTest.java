package dev.mtasts.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.https.BlackHoleAddresses;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.tls.TestCa;

/**
 * A policy host whose addresses accept TCP and never answer TLS (issue 8, "hostile world"): the fetch has one
 * deadline across all addresses, tries at most three, and says the true figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePolicyHostTest {
    private static final String POLICY = "version: STSv1\nmode: enforce\nmx: mx.hostile.test\nmax_age: 86400\n";

    private final TestCa ca = TestCa.create();
    private CertificateVerifier verifier;
    private TestHttpsServer good;

    @BeforeAll
    void start() throws Exception {
        verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test roots"), Clock.systemUTC());
        good = TestHttpsServer.start("127.0.0.59", ca.leaf("mta-sts.hostile.test"));
        good.respond(HttpsPolicyFetcher.PATH, TestResponse.policy(POLICY));
    }

    @AfterAll
    void stop() {
        good.close();
    }

    private static FetchResult fetch(HttpsPolicyFetcher fetcher) {
        return fetcher.fetch(DomainName.of("hostile.test"));
    }

    private static Failure failureOf(FetchResult result) {
        assertThat(result.isSuccess()).as("expected a failure, got %s", result).isFalse();
        return result.failure().orElseThrow();
    }

    @Test
    void shouldEndAtTheTotalDeadlineWhenTheFirstAddressAloneOutlastsIt() throws Exception {
        try (BlackHoleAddresses holes = BlackHoleAddresses.start(60, 5, 0)) {
            HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(
                    new MapDnsResolver().addresses("mta-sts.hostile.test", holes.addresses()), verifier,
                    FetchSettings.defaults().withPort(holes.port()).withConnectTimeout(Duration.ofSeconds(5))
                            .withTotalTimeout(Duration.ofMillis(800)));
            long start = System.nanoTime();

            Failure failure = failureOf(fetch(fetcher));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(750)).isLessThan(Duration.ofMillis(1800));
            assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
            assertThat(failure.code()).isEqualTo("timeout");
            assertThat(failure.sentence()).contains("within 800 ms, the time allowed for the whole fetch")
                    .contains("no address of the policy host completed a TLS handshake in time")
                    .contains("the policy host has 5 addresses, a fetch tries the first 3");
            assertThat(holes.acceptedCounts()).containsExactly(1, 0, 0, 0, 0);
        }
    }

    @Test
    void shouldTryAtMostThreeAddressesEachWithinTheConnectBound() throws Exception {
        try (BlackHoleAddresses holes = BlackHoleAddresses.start(65, 5, 0)) {
            HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(
                    new MapDnsResolver().addresses("mta-sts.hostile.test", holes.addresses()), verifier,
                    FetchSettings.defaults().withPort(holes.port()).withConnectTimeout(Duration.ofMillis(300))
                            .withTotalTimeout(Duration.ofSeconds(5)));
            long start = System.nanoTime();

            Failure failure = failureOf(fetch(fetcher));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(850)).isLessThan(Duration.ofMillis(2500));
            assertThat(failure.code()).isEqualTo("connect-timeout");
            assertThat(failure.sentence()).contains("within 300 ms (TCP and TLS handshake)")
                    .contains("addresses tried: 127.0.0.65 (no TLS session within 300 ms), 127.0.0.66 (no TLS"
                            + " session within 300 ms), 127.0.0.67 (no TLS session within 300 ms)")
                    .contains("the policy host has 5 addresses, a fetch tries the first 3");
            assertThat(holes.acceptedCounts()).containsExactly(1, 1, 1, 0, 0);
        }
    }

    @Test
    void shouldCountTheAddressLookupInTheDeadlineAndNotConnectAfterIt() throws Exception {
        try (BlackHoleAddresses hole = BlackHoleAddresses.start(75, 1, 0)) {
            MapDnsResolver answers = new MapDnsResolver().addresses("mta-sts.hostile.test", hole.addresses());
            // a resolver that answers correctly but only after the fetch's whole time has passed
            DnsResolver slow = new DnsResolver() {
                @Override
                public DnsAnswer<InetAddress> addresses(DomainName name) {
                    LockSupport.parkNanos(Duration.ofMillis(400).toNanos());
                    return answers.addresses(name);
                }

                @Override
                public DnsAnswer<String> txt(DomainName name) {
                    return answers.txt(name);
                }

                @Override
                public DnsAnswer<MxHost> mx(DomainName name) {
                    return answers.mx(name);
                }
            };
            HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(slow, verifier, FetchSettings.defaults()
                    .withPort(hole.port()).withConnectTimeout(Duration.ofMillis(200))
                    .withTotalTimeout(Duration.ofMillis(200)));

            Failure failure = failureOf(fetch(fetcher));

            assertThat(failure.code()).isEqualTo("timeout");
            assertThat(failure.sentence()).contains("looking up the address of mta-sts.hostile.test took the whole 200 ms");
            assertThat(hole.acceptedCounts()).containsExactly(0);
        }
    }

    @Test
    void shouldFetchFromTheNextAddressWhenTheFirstBlackHolesTheHandshake() throws Exception {
        try (BlackHoleAddresses hole = BlackHoleAddresses.start(70, 1, good.port())) {
            List<InetAddress> addresses = new ArrayList<>(hole.addresses());
            addresses.add(good.address());
            HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(
                    new MapDnsResolver().addresses("mta-sts.hostile.test", addresses), verifier,
                    FetchSettings.defaults().withPort(good.port()).withConnectTimeout(Duration.ofMillis(300))
                            .withTotalTimeout(Duration.ofSeconds(5)));
            long start = System.nanoTime();

            FetchResult result = fetch(fetcher);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(result.isSuccess()).as("%s", result).isTrue();
            assertThat(hole.acceptedCounts()).containsExactly(1);
            assertThat(good.requests()).isNotEmpty();
        }
    }
}
