package dev.mtasts.james.config;

import dev.mtasts.core.DurationText;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MtaStsPropertiesTest {
    private static final Path WORKING_DIRECTORY = Path.of("/opt/james");

    private static MtaStsConfiguration parse(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return MtaStsProperties.parse(properties, WORKING_DIRECTORY);
    }

    @Nested
    class Defaults {
        @Test
        void shouldUseEveryDefaultWhenTheFileIsEmpty() {
            MtaStsConfiguration configuration = parse();

            assertThat(configuration.dnsServers()).isEmpty();
            assertThat(configuration.dnsTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(configuration.fetchConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(configuration.fetchTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(configuration.trustStore()).isEmpty();
            assertThat(configuration.dataDirectory()).isEqualTo(Path.of("/opt/james/var/mta-sts"));
            assertThat(configuration.refreshPeriod()).isEqualTo(Duration.ofDays(1));
            assertThat(configuration.fetchPort()).isEqualTo(443);
            assertThat(configuration.checkSmtpPort()).isEqualTo(25);
            assertThat(configuration.localPolicy().tlsRequiredHeader())
                .isEqualTo(dev.mtasts.james.delivery.LocalPolicy.TlsRequiredHeader.HONOUR);
            assertThat(configuration.localPolicy().discoveryFailure())
                .isEqualTo(dev.mtasts.james.delivery.LocalPolicy.DiscoveryFailure.DELIVER);
        }

        @Test
        void shouldDescribeTheDefaultsInTheFileSyntaxWhenPrinted() {
            assertThat(parse().toString()).isEqualTo("dns.servers=(system resolvers), dns.timeout=5s, "
                + "fetch.connect.timeout=10s, fetch.timeout=30s, trust.store.path=(JDK default trust anchors), "
                + "data.dir=/opt/james/var/mta-sts, refresh.period=1d, tls.required.header=honour, "
                + "discovery.failure=deliver, tlsrpt.send=false, "
                + "tlsrpt.processor=tlsrpt-report, tlsrpt.delay.max=4h, tlsrpt.poll.interval=1m, "
                + "tlsrpt.retention.days=30");
        }
    }

    @Nested
    class LocalChoices {
        @Test
        void shouldReadTheStricterChoicesWhenSet() {
            MtaStsConfiguration configuration = parse("tls.required.header", "ignore", "discovery.failure", " defer");

            assertThat(configuration.localPolicy().tlsRequiredHeader())
                .isEqualTo(dev.mtasts.james.delivery.LocalPolicy.TlsRequiredHeader.IGNORE);
            assertThat(configuration.localPolicy().discoveryFailure())
                .isEqualTo(dev.mtasts.james.delivery.LocalPolicy.DiscoveryFailure.DEFER);
            assertThat(configuration.toString()).contains("tls.required.header=ignore, discovery.failure=defer");
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', value = {
            "tls.required.header | honor | tls.required.header='honor' is not allowed; use honour (RFC 8689",
            "tls.required.header | IGNORE | tls.required.header='IGNORE' is not allowed",
            "tls.required.header | '' | tls.required.header='' is not allowed",
            "discovery.failure | bounce | discovery.failure='bounce' is not allowed; use deliver (RFC 8461",
        })
        void shouldRejectAnythingButTheNamedChoices(String key, String value, String message) {
            assertThatThrownBy(() -> parse(key, value)).isInstanceOf(MtaStsConfigurationException.class)
                .hasMessageContaining("mta-sts.properties: " + message);
        }
    }

    @Nested
    class TlsRpt {
        @Test
        void shouldReadTheReportSettingsWhenSet() {
            TlsRptConfiguration tlsRpt = parse("tlsrpt.send", "true", "tlsrpt.contact", "TLS reports <tlsrpt@example.com>",
                "tlsrpt.organization", "Example Mail", "tlsrpt.delay.max", "0s", "tlsrpt.retention.days", "7").tlsRpt();

            assertThat(tlsRpt.send()).isTrue();
            assertThat(tlsRpt.contact()).contains("tlsrpt@example.com");
            assertThat(tlsRpt.organization()).contains("Example Mail");
            assertThat(tlsRpt.maxDelay()).isZero();
            assertThat(tlsRpt.retentionDays()).isEqualTo(7);
        }

        @Test
        void shouldReadTheHttpsEndpointSettingsWhenSet() {
            TlsRptConfiguration tlsRpt = parse("tlsrpt.https.timeout", "20s", "tlsrpt.https.trust", "trust.store",
                "tlsrpt.https.allow.networks", "127.0.0.0/8, fd00::/8").tlsRpt();

            assertThat(tlsRpt.https().timeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(tlsRpt.https().useTrustStore()).isTrue();
            assertThat(tlsRpt.https().allowedNetworks()).extracting(Object::toString)
                .containsExactly("127.0.0.0/8", "fd00::/8");
            assertThat(tlsRpt.toString()).contains("tlsrpt.https.timeout=20s, tlsrpt.https.trust=trust.store");
        }

        @Test
        void shouldUseTheJdkTrustNoAllowedNetworksAndAMinuteWhenTheHttpsKeysAreAbsent() {
            TlsRptConfiguration tlsRpt = parse().tlsRpt();

            assertThat(tlsRpt.https().timeout()).isEqualTo(Duration.ofMinutes(1));
            assertThat(tlsRpt.https().useTrustStore()).isFalse();
            assertThat(tlsRpt.https().allowedNetworks()).isEmpty();
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', value = {
            "tlsrpt.https.timeout | 0s | tlsrpt.https.timeout='0s' is not a duration from 1s to 10m",
            "tlsrpt.https.timeout | 1h | tlsrpt.https.timeout='1h' is not a duration from 1s to 10m",
            "tlsrpt.https.trust | store | tlsrpt.https.trust='store' is neither jdk nor trust.store",
            "tlsrpt.https.allow.networks | 10.0.0.0/33 | tlsrpt.https.allow.networks: '10.0.0.0/33': the prefix length",
            "tlsrpt.https.allow.networks | intranet | tlsrpt.https.allow.networks: 'intranet' is not an IP network",
            "tlsrpt.send | yes | tlsrpt.send='yes' is neither true nor false",
            "tlsrpt.contact | not an address | tlsrpt.contact='not an address' is not a mailbox address",
            "tlsrpt.delay.max | 24h | tlsrpt.delay.max='24h' is not a duration from 0ms to 23h",
            "tlsrpt.retention.days | 0 | tlsrpt.retention.days='0' is not a number of days",
            "tlsrpt.submitter | bad_dom ain | tlsrpt.submitter='bad_dom ain'",
            "tlsrpt.size.max | 10 | tlsrpt.size.max='10' is not a number of bytes",
        })
        void shouldRejectInvalidReportSettings(String key, String value, String message) {
            assertThatThrownBy(() -> parse(key, value)).isInstanceOf(MtaStsConfigurationException.class)
                .hasMessageContaining(message);
        }
    }

    @Nested
    class ValidValues {
        @Test
        void shouldReadEveryResolverInOrderWhenDnsServersListsSeveral() throws Exception {
            MtaStsConfiguration configuration = parse("dns.servers", "127.0.0.1:5353, 192.0.2.1,[::1]:53");

            assertThat(configuration.dnsServers()).containsExactly(
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 5353),
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 53),
                new InetSocketAddress(InetAddress.getByName("::1"), 53));
        }

        @Test
        void shouldReadTheCheckSmtpPortWhenSetForATestSetUp() {
            MtaStsConfiguration configuration = parse("check.smtp.port", "2525");

            assertThat(configuration.checkSmtpPort()).isEqualTo(2525);
            assertThat(configuration.toString()).contains("check.smtp.port=2525");
        }

        @Test
        void shouldUseTheSystemResolversWhenDnsServersIsEmpty() {
            assertThat(parse("dns.servers", " ").dnsServers()).isEmpty();
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource({
            "dns.timeout, 500ms, PT0.5S",
            "dns.timeout, 1m, PT1M",
            "fetch.timeout, 1m, PT1M",
            "fetch.connect.timeout, 100ms, PT0.1S",
            "refresh.period, 12h, PT12H",
            "refresh.period, 5m, PT5M",
            "refresh.period, 30d, PT720H",
        })
        void shouldAcceptADurationWhenWithinItsLimits(String key, String value, String expected) {
            MtaStsConfiguration configuration = parse(key, value);

            Duration actual = key.equals("dns.timeout") ? configuration.dnsTimeout()
                : key.equals("fetch.timeout") ? configuration.fetchTimeout()
                : key.equals("fetch.connect.timeout") ? configuration.fetchConnectTimeout()
                : configuration.refreshPeriod();
            assertThat(actual).isEqualTo(Duration.parse(expected));
        }

        @Test
        void shouldResolveDataDirAgainstTheWorkingDirectoryWhenRelative() {
            assertThat(parse("data.dir", "data/../state").dataDirectory()).isEqualTo(Path.of("/opt/james/state"));
        }

        @Test
        void shouldKeepDataDirWhenAbsolute() {
            assertThat(parse("data.dir", "/srv/mta-sts").dataDirectory()).isEqualTo(Path.of("/srv/mta-sts"));
        }

        @Test
        void shouldLoadTheTrustStoreWhenPathPasswordAndTypeFit(@TempDir Path directory) throws Exception {
            Path file = emptyPkcs12WithOneCertificate(directory, "secret");

            MtaStsConfiguration configuration = parse("trust.store.path", file.toString(),
                "trust.store.password", "secret", "trust.store.type", "PKCS12");

            assertThat(configuration.trustStore()).contains(new TrustStoreSettings(file, "secret", "PKCS12"));
            assertThat(configuration.toString()).contains("PKCS12, password set").doesNotContain("secret");
        }
    }

    @Test
    void shouldResolveTrustStorePathAgainstTheWorkingDirectoryWhenRelative(@TempDir Path workingDirectory)
        throws Exception {
        Path file = emptyPkcs12WithOneCertificate(workingDirectory, "secret");

        MtaStsConfiguration configuration = MtaStsProperties.parse(
            Map.of("trust.store.path", "trust.p12", "trust.store.password", "secret"), workingDirectory);

        assertThat(configuration.trustStore().map(TrustStoreSettings::path)).contains(file.toAbsolutePath());
    }

    @Nested
    class InvalidValues {
        @ParameterizedTest(name = "{0}={1}: {3}")
        @CsvSource(delimiter = '|', value = {
            "fetch.timeout | abc | fetch.timeout='abc' is not a duration; use e.g. 30s or 1m, at least 100ms, at most 1m | not a duration",
            "fetch.timeout | 2m | fetch.timeout='2m' is out of range | RFC 8461 §3.3 suggests at most a minute",
            "fetch.timeout | 30 | fetch.timeout='30' is not a duration | a unit is required",
            "fetch.timeout | 1.5s | fetch.timeout='1.5s' is not a duration | no fractions",
            "dns.timeout | 0s | dns.timeout='0s' is out of range | zero would never wait",
            "dns.timeout | 5 s | dns.timeout='5 s' is not a duration | no space inside",
            "dns.timeout | -5s | dns.timeout='-5s' is not a duration | negative",
            "fetch.connect.timeout | 50ms | fetch.connect.timeout='50ms' is out of range | below 100ms",
            "fetch.connect.timeout | 45s | fetch.connect.timeout='45s' is longer than fetch.timeout='30s' | longer than the whole fetch",
            "refresh.period | 1m | refresh.period='1m' is out of range; use e.g. 12h or 1d, at least 5m, at most 30d | RFC 8461 §3.3: retry no sooner than 5 minutes",
            "refresh.period | 31d | refresh.period='31d' is out of range | too rare to be a refresh",
            "refresh.period | '' | refresh.period='' is not a duration | empty is not a duration",
            "dns.servers | dns.google | 'dns.google' is not an IP address | host names need a resolver",
            "dns.servers | 127.0.0.1:0 | '127.0.0.1:0' is not an IP address | port 0",
            "dns.servers | 127.0.0.1:65536 | '127.0.0.1:65536' is not an IP address | port too large",
            "dns.servers | 256.0.0.1 | '256.0.0.1' is not an IP address | octet too large",
            "dns.servers | '127.0.0.1,' | dns.servers='127.0.0.1,': '' is not an IP address | empty list entry",
            "data.dir | ' ' | data.dir='' is empty | the store needs a directory",
            "trust.store.password | secret | trust.store.path is empty | a password without a store",
            "trust.store.type | JKS | trust.store.path is empty | a type without a store",
            "fetch.timout | 30s | unknown key(s) fetch.timout; the keys are | a typo must not be ignored",
            "fetch.port | 0 | fetch.port='0' is not a TCP port | port 0 cannot be connected to",
            "fetch.port | https | fetch.port='https' is not a TCP port | a port is a number",
            "check.smtp.port | 65536 | check.smtp.port='65536' is not a TCP port; use 25 | above the largest port",
            "check.smtp.port | smtp | check.smtp.port='smtp' is not a TCP port | a port is a number",
        })
        void shouldFailNamingKeyAndValueWhenInvalid(String key, String value, String expectedMessage, String reason) {
            assertThatThrownBy(() -> parse(key, value))
                .as(reason)
                .isInstanceOf(MtaStsConfigurationException.class)
                .hasMessageStartingWith("mta-sts.properties: ")
                .hasMessageContaining(expectedMessage);
        }

        @Test
        void shouldFailWhenTheTrustStoreFileIsMissing(@TempDir Path directory) {
            Path missing = directory.resolve("missing.p12");

            assertThatThrownBy(() -> parse("trust.store.path", missing.toString()))
                .isInstanceOf(MtaStsConfigurationException.class)
                .hasMessage("mta-sts.properties: trust.store.path='" + missing + "' is not a readable file");
        }

        @Test
        void shouldFailWhenTheTrustStorePasswordIsWrong(@TempDir Path directory) throws Exception {
            Path file = emptyPkcs12WithOneCertificate(directory, "secret");

            assertThatThrownBy(() -> parse("trust.store.path", file.toString(), "trust.store.password", "wrong"))
                .isInstanceOf(MtaStsConfigurationException.class)
                .hasMessageStartingWith("mta-sts.properties: trust.store.path='" + file
                    + "' cannot be read as a pkcs12 key store with the trust.store.password given: ");
        }

        @Test
        void shouldFailWhenTheTrustStoreTypeIsUnknown(@TempDir Path directory) throws Exception {
            Path file = emptyPkcs12WithOneCertificate(directory, "secret");

            assertThatThrownBy(() -> parse("trust.store.path", file.toString(), "trust.store.type", "PEM"))
                .isInstanceOf(MtaStsConfigurationException.class)
                .hasMessage("mta-sts.properties: trust.store.type='PEM' is not a key store type this JDK knows; "
                    + "use PKCS12 or JKS");
        }

        @Test
        void shouldFailWhenTheTrustStoreIsEmpty(@TempDir Path directory) throws Exception {
            Path file = directory.resolve("empty.p12");
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            try (OutputStream out = Files.newOutputStream(file)) {
                keyStore.store(out, "secret".toCharArray());
            }

            assertThatThrownBy(() -> parse("trust.store.path", file.toString(), "trust.store.password", "secret"))
                .isInstanceOf(MtaStsConfigurationException.class)
                .hasMessageContaining("holds no trusted certificate");
        }
    }

    @Nested
    class Durations {
        @ParameterizedTest(name = "{0}")
        @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h, PT1H", "1d, PT24H", "' 2h ', PT2H"})
        void shouldParseEveryUnit(String text, String expected) {
            assertThat(DurationText.parse(text)).contains(Duration.parse(expected));
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({"'', empty", "s, no number", "10, no unit", "10w, weeks are not a unit", "1h30m, one unit only",
            "1000000000s, more than nine digits", "10S, units are lower case"})
        void shouldRefuseTextWhenNotInTheSyntax(String text, String reason) {
            assertThat(DurationText.parse(text)).as(reason).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"PT0.5S, 500ms", "PT30S, 30s", "PT90S, 90s", "PT5M, 5m", "PT1H, 1h", "PT48H, 2d"})
        void shouldFormatInTheLargestExactUnit(String duration, String expected) {
            assertThat(DurationText.format(Duration.parse(duration))).isEqualTo(expected);
            assertThat(DurationText.parse(expected)).isEqualTo(Optional.of(Duration.parse(duration)));
        }
    }

    private static Path emptyPkcs12WithOneCertificate(Path directory, String password) throws Exception {
        // Any certificate will do: take one of the JDK's own trust anchors.
        KeyStore jdkAnchors = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
            jdkAnchors.load(in, null);
        }
        String alias = List.copyOf(java.util.Collections.list(jdkAnchors.aliases())).get(0);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setCertificateEntry("anchor", jdkAnchors.getCertificate(alias));
        Path file = directory.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, password.toCharArray());
        }
        return file;
    }
}
