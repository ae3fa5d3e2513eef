package dev.mtasts.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.tls.CertificateProblem.Kind;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.tls.TestCa;

class TlsClientContextTest {
    private static final DomainName HOST = DomainName.of("mx1.example.test");

    private final TestCa ca = TestCa.create();
    private final CertificateVerifier verifier =
            new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test roots"), Clock.systemUTC());

    private static SSLSocket handshake(TlsClientContext tls, TestHttpsServer server) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(server.address(), server.port()), 2000);
        plain.setSoTimeout(2000);
        SSLSocket socket = tls.startTls(plain, server.port());
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    @Test
    void shouldHandshakeWithTls12OrHigherAndSendTheHostAsSni() throws Exception {
        try (TestHttpsServer server = TestHttpsServer.start("127.0.0.21", ca.leaf(HOST.asciiName()))) {
            server.respond("/", TestResponse.status(204));
            TlsClientContext tls = TlsClientContext.forHost(HOST, verifier);
            try (SSLSocket socket = handshake(tls, server)) {
                assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                        .startsWith("HTTP/1.1 204");
            }
            assertThat(server.requests()).singleElement()
                    .satisfies(r -> assertThat(r.sniHostName()).contains(HOST.asciiName()));
            assertThat(tls.problem()).isEmpty();
            assertThat(tls.parameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void shouldAbortTheHandshakeAndRecordTheProblemWhenExpired() throws Exception {
        try (TestHttpsServer server = TestHttpsServer.start("127.0.0.21", ca.expiredLeaf(HOST.asciiName()))) {
            TlsClientContext tls = TlsClientContext.forHost(HOST, verifier);

            assertThatThrownBy(() -> handshake(tls, server)).isInstanceOf(SSLHandshakeException.class)
                    .hasRootCauseInstanceOf(CertificateProblemException.class);
            assertThat(tls.problem()).get().extracting(CertificateProblem::kind).isEqualTo(Kind.EXPIRED);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void shouldAbortTheHandshakeWhenTheCertificateIsForTlsClientsOnly() throws Exception {
        try (TestHttpsServer server = TestHttpsServer.start("127.0.0.21",
                ca.leaf(TestCa.Usage.CLIENT_AUTH_ONLY, HOST.asciiName()))) {
            TlsClientContext tls = TlsClientContext.forHost(HOST, verifier);

            assertThatThrownBy(() -> handshake(tls, server)).isInstanceOf(SSLHandshakeException.class)
                    .hasRootCauseInstanceOf(CertificateProblemException.class);
            assertThat(tls.problem()).get().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Kind.OTHER);
                assertThat(p.sentence()).contains(HOST.asciiName()).contains("it needs serverAuth");
            });
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void shouldAbortTheHandshakeWhenTheKeyUsageDoesNotAllowSigning() throws Exception {
        try (TestHttpsServer server = TestHttpsServer.start("127.0.0.21",
                ca.leaf(TestCa.Usage.KEY_AGREEMENT_ONLY, HOST.asciiName()))) {
            TlsClientContext tls = TlsClientContext.forHost(HOST, verifier);

            assertThatThrownBy(() -> handshake(tls, server)).isInstanceOf(SSLHandshakeException.class);
            assertThat(tls.problem()).get().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Kind.OTHER);
                assertThat(p.sentence()).contains("key usage without digitalSignature");
            });
        }
    }

    @Test
    void shouldAbortTheHandshakeWhenTheNameDiffers() throws Exception {
        try (TestHttpsServer server = TestHttpsServer.start("127.0.0.21", ca.leaf("mx2.example.test"))) {
            TlsClientContext tls = TlsClientContext.forHost(HOST, verifier);

            assertThatThrownBy(() -> handshake(tls, server)).isInstanceOf(SSLHandshakeException.class);
            assertThat(tls.problem()).get().extracting(CertificateProblem::kind).isEqualTo(Kind.HOST_MISMATCH);
        }
    }
}
