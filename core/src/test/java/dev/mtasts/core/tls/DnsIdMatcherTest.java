package dev.mtasts.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.testkit.tls.TestCa;

class DnsIdMatcherTest {

    @ParameterizedTest(name = "{0} vs {1}: {2} ({3})")
    @CsvSource(delimiter = '|', value = {
        "mta-sts.example.test   | mta-sts.example.test   | true  | exact DNS-ID",
        "MTA-STS.Example.TEST   | mta-sts.example.test   | true  | RFC 6125 §6.4.1: case-insensitive",
        "mta-sts.example.test.  | mta-sts.example.test   | true  | trailing dot ignored",
        "*.example.test         | mta-sts.example.test   | true  | RFC 6125 §6.4.3: * covers one left-most label",
        "*.example.test         | example.test           | false | * must cover one label, not zero",
        "*.example.test         | a.b.example.test       | false | * covers exactly one label, never two",
        "*.test                 | example.test           | false | a wildcard over a single-label base is refused",
        "mta*.example.test      | mta-sts.example.test   | false | RFC 8461 §3.3: * only as the whole left-most label",
        "mta-sts.*.test         | mta-sts.example.test   | false | * only in the left-most label",
        "*.*.test               | a.example.test         | false | at most one wildcard, left-most",
        "other.example.test     | mta-sts.example.test   | false | different name",
        "example.test           | mta-sts.example.test   | false | the parent domain is a different name",
    })
    void shouldMatchDnsIdsPerRfc6125(String dnsId, String host, boolean expected, String reason) {
        assertThat(DnsIdMatcher.matches(dnsId, DomainName.of(host)))
                .as(reason).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void shouldIgnoreTheCommonNameWhenItIsTheOnlyName() {
        TestCa ca = TestCa.create();
        // issue() with no names gives a leaf without subjectAltName and CN "no-san leaf"
        assertThat(DnsIdMatcher.dnsIds(ca.leaf("mx.example.test").certificate())).containsExactly("mx.example.test");
        assertThat(DnsIdMatcher.dnsIds(ca.issue(java.time.Instant.now().minusSeconds(60),
                java.time.Instant.now().plusSeconds(3600)).certificate())).isEmpty();
    }
}
