package dev.mtasts.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.core.Parsed;

class ResolverSettingsTest {

    @Nested
    class OneServer {
        @ParameterizedTest(name = "{0} -> {1} port {2}")
        @CsvSource(delimiter = '|', value = {
            "192.0.2.1          | 192.0.2.1   | 53",
            "192.0.2.1:5353     | 192.0.2.1   | 5353",
            "127.0.0.1:1        | 127.0.0.1   | 1",
            "[2001:db8::1]:5300 | 2001:db8::1 | 5300",
            "[::1]              | 0:0:0:0:0:0:0:1 | 53",
            "2001:db8::1        | 2001:db8::1 | 53",
            "' 10.0.0.1:65535 ' | 10.0.0.1    | 65535",
        })
        void shouldAcceptAnIpLiteralWithAnOptionalPort(String text, String host, int port) {
            Parsed<InetSocketAddress> parsed = ResolverSettings.parseServer(text);

            assertThat(parsed.isValid()).as(parsed.toString()).isTrue();
            assertThat(parsed.value().getAddress().getHostAddress()).isEqualTo(
                    host.equals("2001:db8::1") ? "2001:db8:0:0:0:0:0:1" : host);
            assertThat(parsed.value().getPort()).isEqualTo(port);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', value = {
            "dns.example.com     | host names are not accepted     | would need DNS to find DNS",
            "192.0.2.1:0         | port '0'                        | port 0 is not a port one can send to",
            "192.0.2.1:65536     | port '65536'                    | above 65535",
            "192.0.2.1:dns       | port 'dns'                      | not a number",
            "192.0.2.1:          | port ''                         | empty port",
            "192.0.2.256         | not an IPv4 or IPv6 address     | octet above 255",
            "[2001:db8::1        | is not closed                   | missing bracket",
            "[2001:db8::1]53     | only ':port' may follow         | missing colon after bracket",
            "[192.0.2.x]:53      | not an IPv4 or IPv6 address     | junk in brackets",
            "1.2.3               | not an IPv4 or IPv6 address     | three octets",
        })
        void shouldRejectABadServerNamingIt(String text, String expected, String reason) {
            Parsed<InetSocketAddress> parsed = ResolverSettings.parseServer(text);

            assertThat(parsed.isValid()).as(reason).isFalse();
            assertThat(parsed.describeErrors()).as(reason).contains("'" + text.trim() + "'").contains(expected);
        }

        @Test
        void shouldRejectAnEmptyServer() {
            assertThat(ResolverSettings.parseServer(" ").describeErrors()).contains("empty");
        }
    }

    @Nested
    class WholeSettings {
        @Test
        void shouldKeepTheServersInTheirOrder() {
            Parsed<ResolverSettings> parsed = ResolverSettings.parse("127.0.0.2:53, 127.0.0.1:5353 [::1]:53",
                    Duration.ofMillis(300), 0);

            assertThat(parsed.value().servers()).extracting(DnsExchange::label)
                    .containsExactly("127.0.0.2:53", "127.0.0.1:5353", "[0:0:0:0:0:0:0:1]:53");
            assertThat(parsed.value().timeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(parsed.value().retries()).isZero();
            assertThat(parsed.value().usesSystemResolvers()).isFalse();
        }

        @Test
        void shouldParseAServerListAloneNamingEveryBadEntry() {
            assertThat(ResolverSettings.parseServers("127.0.0.1:5353,[::1]:53").value()).hasSize(2);
            assertThat(ResolverSettings.parseServers(null).value()).isEmpty();

            Parsed<List<InetSocketAddress>> bad = ResolverSettings.parseServers("ns1.example, 127.0.0.1, 1.2.3.4:x");

            assertThat(bad.errors()).hasSize(2);
            assertThat(bad.describeErrors()).contains("'ns1.example'", "'1.2.3.4:x'").doesNotContain("'127.0.0.1'");
        }

        @Test
        void shouldUseTheSystemResolversWhenNoServerIsGiven() {
            assertThat(ResolverSettings.parse("  ", Duration.ofSeconds(2), 1).value().usesSystemResolvers()).isTrue();
            assertThat(ResolverSettings.parse(null, Duration.ofSeconds(2), 1).value().usesSystemResolvers()).isTrue();
            assertThat(ResolverSettings.systemDefault().usesSystemResolvers()).isTrue();
        }

        @Test
        void shouldReportEveryProblemAtOnce() {
            Parsed<ResolverSettings> parsed = ResolverSettings.parse("127.0.0.1:53, nameserver, 127.0.0.1:99999",
                    Duration.ZERO, -1);

            assertThat(parsed.isValid()).isFalse();
            assertThat(parsed.errors()).hasSize(4);
            assertThat(parsed.describeErrors()).contains("'nameserver'", "'127.0.0.1:99999'", "timeout", "retries");
        }

        @ParameterizedTest(name = "timeout {0} ms, retries {1}: {2}")
        @CsvSource(delimiter = '|', value = {
            "0     | 1  | a zero timeout never waits",
            "-5    | 1  | a negative timeout",
            "61000 | 1  | more than a minute per query stalls delivery",
            "1000  | -1 | negative retries",
            "1000  | 11 | more than 10 rounds",
        })
        void shouldRejectATimeoutOrRetriesOutOfRange(long timeoutMillis, int retries, String reason) {
            assertThat(ResolverSettings.parse("127.0.0.1", Duration.ofMillis(timeoutMillis), retries).isValid())
                    .as(reason).isFalse();
        }

        @Test
        void shouldThrowFromTheBuilderForAProgrammerError() {
            assertThatThrownBy(() -> ResolverSettings.builder().server("nameserver"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nameserver'");
            assertThatThrownBy(() -> ResolverSettings.builder().timeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ResolverSettings.builder().server(InetSocketAddress.createUnresolved("x", 53)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void shouldBeEqualWhenBuiltAlike() {
            ResolverSettings built = ResolverSettings.builder().server("127.0.0.1:5353")
                    .timeout(Duration.ofSeconds(1)).retries(2).build();

            assertThat(ResolverSettings.parse("127.0.0.1:5353", Duration.ofSeconds(1), 2).value()).isEqualTo(built)
                    .hasSameHashCodeAs(built);
        }
    }
}
