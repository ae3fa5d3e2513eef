package dev.mtasts.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import dev.mtasts.core.DomainName;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.time.MutableClock;

class CachingDnsResolverTest {
    private final TestDnsServer dns = TestDnsServer.start();
    private final MutableClock clock = MutableClock.at("2026-11-28T12:00:00Z");
    private final CachingDnsResolver resolver = new CachingDnsResolver(new DnsJavaResolver(ResolverSettings.builder()
            .server(dns.hostPort()).timeout(Duration.ofSeconds(5)).build()), clock, Duration.ofMinutes(5), 100);

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void shouldAnswerMxFromTheCacheWithinTheTtlAndAskAgainAfter() {
        dns.mx("example.test", 60, 10, "mx1.example.test");
        DomainName domain = DomainName.of("example.test");

        resolver.mx(domain);
        assertThat(resolver.mx(domain).records()).hasSize(1);
        assertThat(dns.queryCount("example.test", Type.MX)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        resolver.mx(domain);
        assertThat(dns.queryCount("example.test", Type.MX)).isEqualTo(2);
    }

    @Test
    void shouldNeverKeepTxtAnswers() {
        dns.txt("_mta-sts.example.test", 3600, "v=STSv1; id=1;");
        DomainName name = DomainName.of("_mta-sts.example.test");

        resolver.txt(name);
        resolver.txt(name);

        assertThat(dns.queryCount("_mta-sts.example.test", Type.TXT)).isEqualTo(2);
    }

    @Test
    void shouldNotKeepFailures() {
        dns.servfail("broken.test");
        DomainName domain = DomainName.of("broken.test");

        assertThat(resolver.addresses(domain).status()).isEqualTo(DnsAnswer.Status.FAILED);
        int asked = dns.queryCount("broken.test", Type.A);
        resolver.addresses(domain);

        assertThat(dns.queryCount("broken.test", Type.A)).isGreaterThan(asked);
    }

    @Test
    void shouldCapTheTtl() {
        dns.a("mx1.example.test", 86400, "127.0.0.9");
        DomainName host = DomainName.of("mx1.example.test");

        resolver.addresses(host);
        clock.advance(Duration.ofMinutes(6));
        resolver.addresses(host);

        assertThat(dns.queryCount("mx1.example.test", Type.A)).isEqualTo(2);
    }
}
