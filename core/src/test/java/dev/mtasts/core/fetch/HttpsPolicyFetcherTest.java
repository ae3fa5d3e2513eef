package dev.mtasts.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.https.RecordedRequest;
import dev.mtasts.testkit.https.SilentTcpServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.tls.TestCa;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsPolicyFetcherTest {
    private static final String PATH = "/.well-known/mta-sts.txt";
    private static final String POLICY = "version: STSv1\nmode: enforce\nmx: mx1.example.test\nmx: *.mx.example.test\n"
            + "max_age: 86400\n";

    private final TestCa ca = TestCa.create();
    private TestHttpsServer good;
    private TestHttpsServer expired;
    private TestHttpsServer untrusted;
    private TestHttpsServer wrongName;
    private CertificateVerifier verifier;

    @BeforeAll
    void startServers() throws Exception {
        good = TestHttpsServer.start("127.0.0.30", ca.leaf("mta-sts.example.test"));
        expired = TestHttpsServer.start("127.0.0.31", ca.expiredLeaf("mta-sts.expired.test"));
        untrusted = TestHttpsServer.start("127.0.0.32", TestCa.create("unknown root").leaf("mta-sts.untrusted.test"));
        wrongName = TestHttpsServer.start("127.0.0.33", ca.leaf("www.wrongname.test"));
        for (TestHttpsServer server : List.of(expired, untrusted, wrongName)) {
            server.respond(PATH, TestResponse.policy(POLICY));
        }
        verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test roots"), Clock.systemUTC());
    }

    @AfterAll
    void stopServers() {
        for (TestHttpsServer server : List.of(good, expired, untrusted, wrongName)) {
            server.close();
        }
    }

    @BeforeEach
    void resetGoodServer() {
        good.clearRequests();
        good.respond(PATH, TestResponse.policy(POLICY));
    }

    private MapDnsResolver dns() throws Exception {
        return new MapDnsResolver()
                .address("mta-sts.example.test", good.address())
                .address("mta-sts.expired.test", expired.address())
                .address("mta-sts.untrusted.test", untrusted.address())
                .address("mta-sts.wrongname.test", wrongName.address())
                .address("mta-sts.refused.test", InetAddress.getByName("127.0.0.34"))
                .failing("mta-sts.servfail.test", "SERVFAIL from 127.0.0.1:53");
    }

    private FetchResult fetch(String domain, TestHttpsServer server, FetchSettings settings) throws Exception {
        HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(dns(), verifier, settings.withPort(server.port()));
        return fetcher.fetch(DomainName.of(domain));
    }

    private FetchResult fetch(String domain, TestHttpsServer server) throws Exception {
        return fetch(domain, server, FetchSettings.defaults().withTotalTimeout(Duration.ofSeconds(5)));
    }

    private static Failure failureOf(FetchResult result) {
        assertThat(result.isSuccess()).as("expected a failure, got %s", result).isFalse();
        return result.failure().orElseThrow();
    }

    private String url() {
        return "https://mta-sts.example.test:" + good.port() + PATH;
    }

    @Nested
    class WhenTheHostServesAPolicy {
        @ParameterizedTest(name = "Content-Type: {0}")
        @ValueSource(strings = {"text/plain", "text/plain; charset=utf-8", "TEXT/PLAIN;charset=US-ASCII",
            "text/plain; charset=iso-8859-1"})
        void shouldReturnThePolicyWhenServedAsTextPlain(String contentType) throws Exception {
            good.respond(PATH, TestResponse.ok(contentType, POLICY.getBytes(StandardCharsets.UTF_8)));

            StsPolicy policy = fetch("example.test", good).policy().orElseThrow();

            assertThat(policy.mode()).isEqualTo(PolicyMode.ENFORCE);
            assertThat(policy.maxAgeSeconds()).isEqualTo(86400);
            assertThat(policy.allowsMx(DomainName.of("mx1.example.test"))).isTrue();
            assertThat(policy.allowsMx(DomainName.of("a.mx.example.test"))).isTrue();
        }

        @Test
        void shouldSendTheRequestWithSniHostAndNoCacheToTheWellKnownPath() throws Exception {
            assertThat(fetch("example.test", good).isSuccess()).isTrue();

            RecordedRequest request = good.requests().get(0);
            assertThat(good.requests()).hasSize(1);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo(PATH);
            assertThat(request.sniHostName()).contains("mta-sts.example.test");
            assertThat(request.host()).isEqualTo("mta-sts.example.test:" + good.port());
            assertThat(request.header("Cache-Control")).contains("no-cache");
        }

        @Test
        void shouldReportAnInvalidPolicyWithTheParsersReason() throws Exception {
            good.respond(PATH, TestResponse.policy("mode: enforce\nmx: mx1.example.test\nmax_age: 86400\n"));

            Failure failure = failureOf(fetch("example.test", good));

            assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_INVALID);
            assertThat(failure.code()).isEqualTo("policy-invalid");
            assertThat(failure.sentence()).startsWith("the policy file at " + url() + " is invalid: ").contains("version");
        }

        @Test
        void shouldReportABodyThatIsNotUtf8AsAnInvalidPolicy() throws Exception {
            byte[] latin1 = "version: STSv1\nmode: enforce\nmx: caf\u00e9.example.test\nmax_age: 86400\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            good.respond(PATH, TestResponse.ok("text/plain", latin1));

            Failure failure = failureOf(fetch("example.test", good));

            assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_INVALID);
            assertThat(failure.code()).isEqualTo("policy-not-utf8");
            assertThat(failure.sentence()).contains("line 3: byte 0xe9 at offset 36");
        }
    }

    @Nested
    class WhenTheHttpAnswerIsWrong {
        @Test
        void shouldReportA404WithTheUrlAndWhatToDo() throws Exception {
            good.respond(PATH, TestResponse.status(404));

            Failure failure = failureOf(fetch("example.test", good));

            assertThat(failure).isEqualTo(Failure.of(FailureCode.HTTP_STATUS, 404,
                    url() + " answered 404 Not Found; publish the policy file at that exact path"));
        }

        @Test
        void shouldNotFollowARedirect() throws Exception {
            good.respond(PATH, TestResponse.redirect(301, "https://mta-sts.example.test/elsewhere"));
            good.respond("/elsewhere", TestResponse.policy(POLICY));

            Failure failure = failureOf(fetch("example.test", good));

            assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
            assertThat(failure.code()).isEqualTo("http-redirect-301");
            assertThat(failure.sentence()).contains("https://mta-sts.example.test/elsewhere");
            assertThat(good.requestsTo("/elsewhere")).isEmpty();
            assertThat(good.requestsTo(PATH)).hasSize(1);
        }

        @Test
        void shouldRefuseTextHtml() throws Exception {
            good.respond(PATH, TestResponse.ok("text/html; charset=utf-8", POLICY.getBytes(StandardCharsets.UTF_8)));

            Failure failure = failureOf(fetch("example.test", good));

            assertThat(failure.code()).isEqualTo("wrong-content-type");
            assertThat(failure.sentence()).contains("'text/html; charset=utf-8'").contains("text/plain");
        }

        @Test
        void shouldRefuseA65KibBodyAnnouncedByContentLength() throws Exception {
            good.respond(PATH, TestResponse.largeBody(65 * 1024));

            Failure failure = failureOf(fetch("example.test", good));

            assertThat(failure.code()).isEqualTo("body-too-large");
            assertThat(failure.sentence()).contains("announced a body of 66560 bytes");
        }

        @Test
        void shouldStopReadingA65KibChunkedBodyAtTheLimit() throws Exception {
            good.respond(PATH, TestResponse.largeBodyChunked(65 * 1024));

            Failure failure = failureOf(fetch("example.test", good));

            assertThat(failure.code()).isEqualTo("body-too-large");
            assertThat(failure.sentence()).contains("sent more than 65536 bytes");
        }
    }

    @Nested
    class WhenTheServerStalls {
        private final FetchSettings shortTimeouts = FetchSettings.defaults()
                .withConnectTimeout(Duration.ofMillis(500)).withTotalTimeout(Duration.ofMillis(500));

        @Test
        void shouldGiveUpAtTheTotalTimeoutWhenTheBodyStalls() throws Exception {
            good.respond(PATH, TestResponse.stallAfterHeaders("version: STSv1\n"));
            long start = System.nanoTime();

            Failure failure = failureOf(fetch("example.test", good, shortTimeouts));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(failure.code()).isEqualTo("timeout");
            assertThat(failure.sentence()).contains("within 500 ms");
        }

        @Test
        void shouldGiveUpAtTheTotalTimeoutWhenTheBodyTricklesFasterThanAnyReadTimeout() throws Exception {
            good.respond(PATH, TestResponse.trickle(POLICY.repeat(5), Duration.ofMillis(20)));
            long start = System.nanoTime();

            Failure failure = failureOf(fetch("example.test", good, shortTimeouts));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(failure.code()).isEqualTo("timeout");
        }

        @Test
        void shouldGiveUpAtTheTotalTimeoutWhenNoAnswerComes() throws Exception {
            good.respond(PATH, TestResponse.stallBeforeHeaders());
            long start = System.nanoTime();

            Failure failure = failureOf(fetch("example.test", good, shortTimeouts));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
            assertThat(failure.code()).isEqualTo("timeout");
        }

        @Test
        void shouldGiveUpAtTheTotalTimeoutWhenTheTlsHandshakeNeverStarts() throws Exception {
            try (SilentTcpServer silent = SilentTcpServer.start(InetAddress.getByName("127.0.0.35"), 0)) {
                // the connect timeout is longer, so that the total one is what ends the fetch, even on a
                // loaded machine (with equal timeouts either could fire first)
                HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(
                        new MapDnsResolver().address("mta-sts.silent.test", silent.address()), verifier,
                        shortTimeouts.withConnectTimeout(Duration.ofSeconds(2)).withPort(silent.port()));
                long start = System.nanoTime();

                Failure failure = failureOf(fetcher.fetch(DomainName.of("silent.test")));

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                assertThat(silent.acceptedCount()).isEqualTo(1);
                assertThat(failure.code()).isEqualTo("timeout");
            }
        }
    }

    @Nested
    class WhenTheCertificateIsBad {
        @Test
        void shouldReportAnExpiredCertificate() throws Exception {
            Failure failure = failureOf(fetch("expired.test", expired));

            assertThat(failure.resultType()).isEqualTo(ResultType.STS_WEBPKI_INVALID);
            assertThat(failure.code()).isEqualTo("certificate-expired");
            assertThat(failure.sentence()).contains("mta-sts.expired.test").contains("expired on");
            assertThat(expired.requests()).isEmpty();
        }

        @Test
        void shouldReportAnUntrustedCertificate() throws Exception {
            Failure failure = failureOf(fetch("untrusted.test", untrusted));

            assertThat(failure.resultType()).isEqualTo(ResultType.STS_WEBPKI_INVALID);
            assertThat(failure.code()).isEqualTo("certificate-not-trusted");
            assertThat(failure.sentence()).contains("CN=unknown root");
        }

        @Test
        void shouldReportACertificateForAnotherName() throws Exception {
            Failure failure = failureOf(fetch("wrongname.test", wrongName));

            assertThat(failure.resultType()).isEqualTo(ResultType.STS_WEBPKI_INVALID);
            assertThat(failure.code()).isEqualTo("certificate-host-mismatch");
            assertThat(failure.sentence()).contains("valid only for www.wrongname.test, not for mta-sts.wrongname.test");
        }
    }

    @Nested
    class WhenTheHostCannotBeReached {
        @Test
        void shouldReportARefusedConnection() throws Exception {
            Failure failure = failureOf(fetch("refused.test", good));

            assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
            assertThat(failure.code()).isEqualTo("connect-refused");
            assertThat(failure.sentence()).contains("https://mta-sts.refused.test:" + good.port() + PATH);
        }

        @Test
        void shouldReportAHostThatAnswersPlainHttpOnTheHttpsPort() throws Exception {
            try (ServerSocket plain = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.36"))) {
                CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> {
                    try (Socket socket = plain.accept()) {
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                HttpsPolicyFetcher fetcher = new HttpsPolicyFetcher(
                        new MapDnsResolver().address("mta-sts.plain.test", plain.getInetAddress()), verifier,
                        FetchSettings.defaults().withTotalTimeout(Duration.ofSeconds(5)).withPort(plain.getLocalPort()));

                Failure failure = failureOf(fetcher.fetch(DomainName.of("plain.test")));

                answer.get(5, TimeUnit.SECONDS);
                assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
                assertThat(failure.code()).isEqualTo("tls-handshake-failed");
                assertThat(failure.sentence()).contains("TLS 1.2 or higher");
            }
        }

        @Test
        void shouldReportAMissingAddressRecord() throws Exception {
            Failure failure = failureOf(fetch("nowhere.test", good));

            assertThat(failure.code()).isEqualTo("dns-no-address");
            assertThat(failure.sentence()).contains("mta-sts.nowhere.test has no address (NXDOMAIN)");
        }

        @Test
        void shouldReportAFailedLookupApartFromAMissingRecord() throws Exception {
            Failure failure = failureOf(fetch("servfail.test", good));

            assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
            assertThat(failure.code()).isEqualTo("dns-failed");
            assertThat(failure.sentence()).contains("SERVFAIL from 127.0.0.1:53");
        }
    }
}
