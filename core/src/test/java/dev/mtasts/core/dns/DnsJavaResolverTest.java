package dev.mtasts.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import dev.mtasts.core.DomainName;
import dev.mtasts.testkit.dns.ReceivedQuery;
import dev.mtasts.testkit.dns.TestDnsServer;

class DnsJavaResolverTest {
    /** For answers that do come: generous, as the build machine may be loaded. */
    private static final Duration PATIENT = Duration.ofSeconds(5);
    /** For questions that are never answered. */
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final DomainName STS = DomainName.of("_mta-sts.example.com");

    private TestDnsServer dns;
    private DnsJavaResolver resolver;

    @BeforeEach
    void start() {
        dns = TestDnsServer.start();
        resolver = resolverFor(dns.hostPort(), PATIENT);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private static DnsJavaResolver resolverFor(String servers, Duration timeout) {
        return new DnsJavaResolver(ResolverSettings.parse(servers, timeout, 0).value());
    }

    @Nested
    class Txt {
        @Test
        void shouldConcatenateTheStringsOfOneRecordWithoutSpaces() {
            dns.txt(STS.asciiName(), 300, "v=STSv1;", " id=2026", "0101;");

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FOUND);
            assertThat(answer.records()).containsExactly("v=STSv1; id=20260101;");
            assertThat(dns.queryCount(STS.asciiName(), Type.TXT)).isEqualTo(1);
        }

        @Test
        void shouldReturnEveryRecordSeparately() {
            dns.txt(STS.asciiName(), 300, "v=STSv1; id=1;").txt(STS.asciiName(), 300, "something else");

            assertThat(resolver.txt(STS).records()).containsExactlyInAnyOrder("v=STSv1; id=1;", "something else");
        }

        @Test
        void shouldKeepNonAsciiBytesVisibleAsIsoLatin1Chars() {
            dns.txtBytes(STS.asciiName(), 300, new byte[] {'i', 'd', '=', (byte) 0xc3, (byte) 0xa9}, new byte[] {';'});

            assertThat(resolver.txt(STS).records()).containsExactly("id=\u00c3\u00a9;");
        }

        @Test
        void shouldReturnTheSmallestTtlOfTheRecords() {
            dns.txt(STS.asciiName(), 3600, "a").txt(STS.asciiName(), 1200, "b");

            assertThat(resolver.txt(STS).ttlSeconds()).isEqualTo(1200);
        }

        @Test
        void shouldFetchTheWholeAnswerOverTcpWhenUdpIsTruncated() {
            for (int i = 0; i < 12; i++) {
                dns.txt(STS.asciiName(), 300, i + "x".repeat(200));
            }

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.records()).hasSize(12);
            assertThat(dns.queries()).extracting(ReceivedQuery::transport)
                    .containsExactly(ReceivedQuery.Transport.UDP, ReceivedQuery.Transport.TCP);
        }
    }

    @Nested
    class NoRecord {
        @Test
        void shouldSayNxdomainWithTheSoaNegativeTtlWhenTheNameDoesNotExist() {
            dns.negativeTtl(77);

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.NO_RECORD);
            assertThat(answer.detail()).startsWith("NXDOMAIN").contains("_mta-sts.example.com");
            assertThat(answer.isNxDomain()).isTrue();
            assertThat(answer.ttlSeconds()).isEqualTo(77);
        }

        @Test
        void shouldSayNodataWhenTheNameHasOtherTypesOnly() {
            dns.negativeTtl(42).a(STS.asciiName(), 300, "127.0.0.1");

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.NO_RECORD);
            assertThat(answer.detail()).startsWith("NODATA").contains("TXT");
            assertThat(answer.isNxDomain()).isFalse();
            assertThat(answer.ttlSeconds()).isEqualTo(42);
        }
    }

    @Nested
    class Failed {
        @ParameterizedTest(name = "{0}")
        @CsvSource({"SERVFAIL, 2", "REFUSED, 5", "FORMERR, 1", "NOTIMP, 4", "YXDOMAIN, 6"})
        void shouldFailNamingTheRcodeAndTheServerWhenTheServerCannotAnswer(String rcodeName, int rcode) {
            dns.txt(STS.asciiName(), 300, "v=STSv1; id=1;").rcode(STS.asciiName(), Type.TXT, rcode);
            assertThat(Rcode.string(rcode)).isEqualTo(rcodeName);

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FAILED);
            assertThat(answer.detail()).contains(rcodeName + " from " + dns.hostPort()).contains("TXT lookup of "
                    + STS);
        }

        @Test
        void shouldFailWithATimeoutWhenTheServerNeverAnswers() {
            dns.drop(STS.asciiName());

            DnsAnswer<String> answer = resolverFor(dns.hostPort(), SHORT).txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FAILED);
            assertThat(answer.detail()).contains("no answer within 300 ms from " + dns.hostPort());
        }

        @Test
        void shouldFailWhenNothingListens() {
            String hostPort = dns.hostPort();
            dns.close();

            DnsAnswer<String> answer = resolverFor(hostPort, PATIENT).txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FAILED);
            assertThat(answer.detail()).contains("port unreachable").contains(hostPort);
        }

        @Test
        void shouldAskAgainWhenRetriesAreConfigured() {
            dns.servfail(STS.asciiName());
            DnsJavaResolver retrying = new DnsJavaResolver(ResolverSettings.builder().server(dns.hostPort())
                    .timeout(PATIENT).retries(2).build());

            assertThat(retrying.txt(STS).status()).isEqualTo(DnsAnswer.Status.FAILED);
            assertThat(dns.queryCount(STS.asciiName(), Type.TXT)).isEqualTo(3);
        }
    }

    @Nested
    class TwoServers {
        /** Short enough for a test that waits for the first server once, long enough for the second. */
        private final Duration timeout = Duration.ofSeconds(1);
        private TestDnsServer second;

        @BeforeEach
        void startSecond() {
            second = TestDnsServer.start("127.0.0.2", 0);
            second.txt(STS.asciiName(), 300, "v=STSv1; id=2;");
        }

        @AfterEach
        void stopSecond() {
            second.close();
        }

        @ParameterizedTest(name = "first server: {0}")
        @ValueSource(strings = {"drop", "servfail", "refused"})
        void shouldAskTheSecondServerWhenTheFirstGivesNoUsableAnswer(String behaviour) {
            if (behaviour.equals("drop")) {
                dns.drop(STS.asciiName());
            } else if (behaviour.equals("servfail")) {
                dns.servfail(STS.asciiName());
            } else {
                dns.refused(STS.asciiName());
            }

            DnsAnswer<String> answer = resolverFor(dns.hostPort() + "," + second.hostPort(), timeout).txt(STS);

            assertThat(answer.records()).containsExactly("v=STSv1; id=2;");
            assertThat(dns.queryCount(STS.asciiName(), Type.TXT)).isEqualTo(1);
        }

        @Test
        void shouldNotAskTheSecondServerWhenTheFirstSaysNxdomain() {
            DnsAnswer<String> answer = resolverFor(dns.hostPort() + "," + second.hostPort(), timeout).txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.NO_RECORD);
            assertThat(second.queries()).isEmpty();
        }

        @Test
        void shouldNameEveryServerWhenAllFail() {
            dns.servfail(STS.asciiName());
            second.drop(STS.asciiName());

            DnsAnswer<String> answer = resolverFor(dns.hostPort() + "," + second.hostPort(), timeout).txt(STS);

            assertThat(answer.detail()).contains("SERVFAIL from " + dns.hostPort())
                    .contains("no answer within 1000 ms from " + second.hostPort());
        }
    }

    @Nested
    class Cnames {
        @ParameterizedTest(name = "targets included by the server: {0}")
        @ValueSource(booleans = {true, false})
        void shouldFollowTheChainAndReportItWithTheSmallestTtl(boolean targetsIncluded) {
            dns.includeCnameTargets(targetsIncluded)
                    .cname(STS.asciiName(), 900, "_mta-sts.provider.test")
                    .cname("_mta-sts.provider.test", 120, "sts.provider.test")
                    .txt("sts.provider.test", 600, "v=STSv1; ", "id=7;");

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.records()).containsExactly("v=STSv1; id=7;");
            assertThat(answer.cnameChain()).containsExactly(DomainName.of("_mta-sts.provider.test"),
                    DomainName.of("sts.provider.test"));
            assertThat(answer.ttlSeconds()).isEqualTo(120);
            assertThat(dns.queries()).hasSize(targetsIncluded ? 1 : 3);
        }

        @ParameterizedTest(name = "targets included by the server: {0}")
        @ValueSource(booleans = {true, false})
        void shouldFailOnACnameLoop(boolean targetsIncluded) {
            dns.includeCnameTargets(targetsIncluded).cname(STS.asciiName(), 60, "a.provider.test")
                    .cname("a.provider.test", 60, "b.provider.test").cname("b.provider.test", 60, "a.provider.test");

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FAILED);
            assertThat(answer.detail()).contains("loops").contains("a.provider.test -> b.provider.test -> a.provider.test");
        }

        @ParameterizedTest(name = "{0} CNAMEs, targets included: {1}")
        @CsvSource({"8, true, FOUND", "8, false, FOUND", "9, true, FAILED", "9, false, FAILED"})
        void shouldFollowAtMostEightCnames(int length, boolean targetsIncluded, DnsAnswer.Status expected) {
            dns.includeCnameTargets(targetsIncluded);
            String from = STS.asciiName();
            for (int i = 1; i <= length; i++) {
                dns.cname(from, 60, "hop" + i + ".provider.test");
                from = "hop" + i + ".provider.test";
            }
            dns.txt(from, 60, "v=STSv1; id=1;");

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(expected);
            if (expected == DnsAnswer.Status.FAILED) {
                assertThat(answer.detail()).contains("longer than 8");
            }
        }

        @ParameterizedTest(name = "targets included by the server: {0}")
        @ValueSource(booleans = {true, false})
        void shouldSayNxdomainForTheTargetAndKeepTheChain(boolean targetsIncluded) {
            dns.includeCnameTargets(targetsIncluded).negativeTtl(30).cname(STS.asciiName(), 600, "gone.provider.test");

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.NO_RECORD);
            assertThat(answer.detail()).startsWith("NXDOMAIN").contains("gone.provider.test");
            assertThat(answer.cnameChain()).containsExactly(DomainName.of("gone.provider.test"));
            assertThat(answer.ttlSeconds()).isEqualTo(30);
        }

        @ParameterizedTest(name = "targets included by the server: {0}")
        @CsvSource({"true, 1", "false, 2"})
        void shouldSayNodataForTheTargetAskingAgainOnlyWhenTheServerStoppedAtTheCname(boolean targetsIncluded,
                int queries) {
            dns.includeCnameTargets(targetsIncluded).cname(STS.asciiName(), 600, "sts.provider.test")
                    .a("sts.provider.test", 60, "127.0.0.1");

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.NO_RECORD);
            assertThat(answer.detail()).startsWith("NODATA").contains("sts.provider.test");
            assertThat(answer.cnameChain()).containsExactly(DomainName.of("sts.provider.test"));
            assertThat(dns.queries()).hasSize(queries);
        }

        @Test
        void shouldFailWhenTheTargetServerFails() {
            dns.includeCnameTargets(false).cname(STS.asciiName(), 600, "sts.provider.test")
                    .servfail("sts.provider.test");

            DnsAnswer<String> answer = resolver.txt(STS);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FAILED);
            assertThat(answer.detail()).contains("sts.provider.test").contains("SERVFAIL");
        }
    }

    @Nested
    class Mx {
        private final DomainName domain = DomainName.of("example.com");

        @Test
        void shouldSortByPreferenceKeepingTheServerOrderForEqualPreferences() {
            dns.mx("example.com", 300, 20, "c.example.com").mx("example.com", 300, 10, "b.example.com")
                    .mx("example.com", 300, 20, "a.example.com").mx("example.com", 300, 5, "d.example.com");

            DnsAnswer<MxHost> answer = resolver.mx(domain);

            assertThat(answer.records()).extracting(MxHost::toString)
                    .containsExactly("5 d.example.com", "10 b.example.com", "20 c.example.com", "20 a.example.com");
        }

        @Test
        void shouldAnswerTheNullMxAlone() {
            dns.nullMx("example.com");

            DnsAnswer<MxHost> answer = resolver.mx(domain);

            assertThat(answer.records()).containsExactly(MxHost.nullMx());
        }

        @Test
        void shouldSkipUnusableExchangesAndKeepTheOthers() {
            dns.mx("example.com", 300, 0, ".").mx("example.com", 300, 10, "bad!host.example.com")
                    .mx("example.com", 300, 20, "MX.Example.COM");

            DnsAnswer<MxHost> answer = resolver.mx(domain);

            assertThat(answer.records()).containsExactly(new MxHost(20, DomainName.of("mx.example.com")));
        }

        @Test
        void shouldFailWhenNoExchangeIsUsable() {
            dns.mx("example.com", 300, 10, ".");

            DnsAnswer<MxHost> answer = resolver.mx(domain);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FAILED);
            assertThat(answer.detail()).contains("no MX record has a usable exchange");
        }

        @Test
        void shouldSayNodataWhenTheDomainHasNoMx() {
            dns.a("example.com", 300, "127.0.0.1");

            assertThat(resolver.mx(domain).detail()).startsWith("NODATA");
        }
    }

    @Nested
    class Addresses {
        private final DomainName host = DomainName.of("mx.example.com");

        @Test
        void shouldReturnIpv4BeforeIpv6WithTheSmallestTtl() throws Exception {
            dns.aaaa("mx.example.com", 100, "::1").a("mx.example.com", 300, "127.0.0.10")
                    .a("mx.example.com", 300, "127.0.0.11");

            DnsAnswer<InetAddress> answer = resolver.addresses(host);

            assertThat(answer.records()).containsExactly(InetAddress.getByName("127.0.0.10"),
                    InetAddress.getByName("127.0.0.11"), InetAddress.getByName("::1"));
            assertThat(answer.ttlSeconds()).isEqualTo(100);
        }

        @Test
        void shouldFindWhenOnlyOneTypeHasRecordsEvenIfTheOtherFails() throws Exception {
            dns.aaaa("mx.example.com", 100, "::1").servfail("mx.example.com", Type.A);

            assertThat(resolver.addresses(host).records()).containsExactly(InetAddress.getByName("::1"));
        }

        @Test
        void shouldFailWhenNeitherHasRecordsAndOneFailed() {
            dns.txt("mx.example.com", 100, "no addresses").servfail("mx.example.com", Type.AAAA);

            DnsAnswer<InetAddress> answer = resolver.addresses(host);

            assertThat(answer.status()).isEqualTo(DnsAnswer.Status.FAILED);
            assertThat(answer.detail()).contains("AAAA lookup of mx.example.com failed").contains("SERVFAIL");
        }

        @Test
        void shouldSayNoRecordWhenBothSayNone() {
            DnsAnswer<InetAddress> nxdomain = resolver.addresses(host);
            dns.txt("mx.example.com", 100, "no addresses");
            DnsAnswer<InetAddress> nodata = resolver.addresses(host);

            assertThat(nxdomain.status()).isEqualTo(DnsAnswer.Status.NO_RECORD);
            assertThat(nxdomain.detail()).startsWith("NXDOMAIN");
            assertThat(nodata.status()).isEqualTo(DnsAnswer.Status.NO_RECORD);
            assertThat(nodata.detail()).startsWith("NODATA");
        }

        @Test
        void shouldFollowACnameToTheAddresses() throws Exception {
            dns.cname("mx.example.com", 300, "real-mx.provider.test").a("real-mx.provider.test", 60, "127.0.0.12");

            DnsAnswer<InetAddress> answer = resolver.addresses(host);

            assertThat(answer.records()).containsExactly(InetAddress.getByName("127.0.0.12"));
            assertThat(answer.cnameChain()).containsExactly(DomainName.of("real-mx.provider.test"));
        }
    }

    @Nested
    class Sharing {
        @Test
        void shouldAnswerConcurrentQuestionsFromOneInstance() throws Exception {
            for (int i = 0; i < 16; i++) {
                dns.txt("_mta-sts.d" + i + ".test", 300, "v=STSv1; id=" + i + ";");
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<DnsAnswer<String>>> futures = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    DomainName name = DomainName.of("_mta-sts.d" + i + ".test");
                    futures.add(pool.submit(() -> resolver.txt(name)));
                }
                for (int i = 0; i < 16; i++) {
                    DnsAnswer<String> answer = futures.get(i).get(10, TimeUnit.SECONDS);
                    assertThat(answer.records()).as(answer.toString()).containsExactly("v=STSv1; id=" + i + ";");
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void shouldReadTheSystemResolversWhenNoServerIsConfigured() {
            DnsJavaResolver system = new DnsJavaResolver(ResolverSettings.systemDefault());

            assertThat(system.toString()).matches("DnsJavaResolver\\[.+:\\d+.*\\]");
        }

        @Test
        void shouldReachAServerOnIpv6Loopback() {
            TestDnsServer v6;
            try {
                v6 = TestDnsServer.start("::1", 0);
            } catch (UncheckedIOException e) {
                Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
                return;
            }
            try (v6) {
                v6.txt(STS.asciiName(), 300, "v=STSv1; id=6;");

                assertThat(resolverFor(v6.hostPort(), PATIENT).txt(STS).records()).containsExactly("v=STSv1; id=6;");
                assertThat(v6.hostPort()).startsWith("[");
            }
        }
    }
}
