package dev.mtasts.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.tls.CertificateProblem;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.tls.TestCa;

/** {@link HttpsPolicyFetcher#fetchObserved}: the same result as {@code fetch}, plus what was seen on the way. */
class ObservedFetchTest {
    private static final String PATH = "/.well-known/mta-sts.txt";
    private static final String POLICY = "version: STSv1\nmode: testing\nmx: mx1.example.test\nmax_age: 604800\n";

    private final TestCa ca = TestCa.create();
    private TestHttpsServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpsPolicyFetcher fetcher(TestCa.Leaf leaf) throws Exception {
        server = TestHttpsServer.start("127.0.0.36", leaf);
        MapDnsResolver dns = new MapDnsResolver().address("mta-sts.example.test", InetAddress.getByName("127.0.0.36"));
        CertificateVerifier verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"),
                Clock.systemUTC());
        return new HttpsPolicyFetcher(dns, verifier, FetchSettings.defaults().withPort(server.port())
                .withTotalTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void shouldRecordProtocolChainStatusAndBodyWhenTheFetchSucceeds() throws Exception {
        TestCa.Leaf leaf = ca.leaf("mta-sts.example.test");
        HttpsPolicyFetcher fetcher = fetcher(leaf);
        server.respond(PATH, TestResponse.policy(POLICY));

        ObservedFetch observed = fetcher.fetchObserved(DomainName.of("example.test"));

        assertThat(observed.result().isSuccess()).isTrue();
        assertThat(observed.result().policy()).isEqualTo(fetcher.fetch(DomainName.of("example.test")).policy());
        assertThat(observed.url()).isEqualTo("https://mta-sts.example.test:" + server.port() + PATH);
        assertThat(observed.tlsProtocol()).get().isIn("TLSv1.2", "TLSv1.3");
        assertThat(observed.peerChain()).containsExactly(leaf.certificate());
        assertThat(observed.status()).hasValue(200);
        assertThat(observed.contentType()).contains("text/plain");
        assertThat(observed.announcedLength()).hasValue(POLICY.length());
        assertThat(observed.bodyBytes()).hasValue(POLICY.length());
        assertThat(observed.body()).contains(POLICY);
        assertThat(observed.certificateProblem()).isEmpty();
        assertThat(observed.elapsed()).isPositive();
    }

    @Test
    void shouldRecordTheRefusedChainAndItsProblemWhenTheCertificateIsExpired() throws Exception {
        TestCa.Leaf leaf = ca.expiredLeaf("mta-sts.example.test");
        HttpsPolicyFetcher fetcher = fetcher(leaf);

        ObservedFetch observed = fetcher.fetchObserved(DomainName.of("example.test"));

        assertThat(observed.result().failure().get().code()).isEqualTo("certificate-expired");
        assertThat(observed.certificateProblem().get().kind()).isEqualTo(CertificateProblem.Kind.EXPIRED);
        assertThat(observed.peerChain()).containsExactly(leaf.certificate());
        assertThat(observed.tlsProtocol()).isEmpty();
        assertThat(observed.status()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void shouldRecordTheLocationAndNoBodyWhenTheServerRedirects() throws Exception {
        HttpsPolicyFetcher fetcher = fetcher(ca.leaf("mta-sts.example.test"));
        server.respond(PATH, TestResponse.redirect(302, "https://elsewhere.example.test/policy"));

        ObservedFetch observed = fetcher.fetchObserved(DomainName.of("example.test"));

        assertThat(observed.result().failure().get().code()).isEqualTo("http-redirect-302");
        assertThat(observed.status()).hasValue(302);
        assertThat(observed.location()).contains("https://elsewhere.example.test/policy");
        assertThat(observed.body()).isEmpty();
        assertThat(observed.bodyBytes()).isEmpty();
    }

    @Test
    void shouldRecordTheBodyEvenWhenThePolicyIsInvalid() throws Exception {
        HttpsPolicyFetcher fetcher = fetcher(ca.leaf("mta-sts.example.test"));
        server.respond(PATH, TestResponse.policy("version: STSv1\nMode: testing\n"));

        ObservedFetch observed = fetcher.fetchObserved(DomainName.of("example.test"));

        assertThat(observed.result().failure().get().code()).isEqualTo("policy-invalid");
        assertThat(observed.body()).contains("version: STSv1\nMode: testing\n");
    }
}
