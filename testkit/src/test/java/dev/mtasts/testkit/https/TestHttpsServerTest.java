package dev.mtasts.testkit.https;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtasts.testkit.tls.TestCa;

class TestHttpsServerTest {
    private static final String HOST = "mta-sts.example.test";
    private static final String PATH = "/.well-known/mta-sts.txt";

    private final TestCa ca = TestCa.create();
    private final SSLContext client = ca.clientContext();
    private TestHttpsServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestHttpsServer.start("127.0.0.20", ca.leaf(HOST));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldServeProgrammedPolicyWithContentLength() throws Exception {
        server.respond(PATH, TestResponse.policy("version: STSv1\n"));

        String response = RawHttpsClient.get(client, server, HOST, PATH, 2000);

        assertThat(response).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Type: text/plain")
                .containsIgnoringCase("Content-Length: 15").endsWith("\r\n\r\nversion: STSv1\n");
        assertThat(server.address().getHostAddress()).isEqualTo("127.0.0.20");
    }

    @Test
    void shouldRecordMethodPathHostAndSni() throws Exception {
        RawHttpsClient.get(client, server, HOST, "/other", 2000);

        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/other");
            assertThat(request.host()).isEqualTo(HOST);
            assertThat(request.sniHostName()).contains(HOST);
        });
    }

    @Test
    void shouldAnswer404ForUnprogrammedPathsAndRedirectWithLocation() throws Exception {
        server.respond("/moved", TestResponse.redirect(301, "https://elsewhere.example.test/x"));

        assertThat(RawHttpsClient.get(client, server, HOST, "/nothing", 2000)).startsWith("HTTP/1.1 404");
        assertThat(RawHttpsClient.get(client, server, HOST, "/moved", 2000)).startsWith("HTTP/1.1 301")
                .containsIgnoringCase("Location: https://elsewhere.example.test/x");
    }

    @Test
    void shouldStreamChunkedWithoutContentLength() throws Exception {
        server.respond(PATH, TestResponse.largeBodyChunked(65 * 1024));

        String response = RawHttpsClient.get(client, server, HOST, PATH, 2000);

        assertThat(response).containsIgnoringCase("Transfer-encoding: chunked").doesNotContainIgnoringCase("Content-Length");
        assertThat(response.chars().filter(c -> c == 'x').count()).isGreaterThan(60 * 1024);
    }

    @Test
    void shouldSendLargeBodyWithContentLength() throws Exception {
        server.respond(PATH, TestResponse.largeBody(65 * 1024));

        assertThat(RawHttpsClient.get(client, server, HOST, PATH, 2000)).containsIgnoringCase("Content-Length: 66560");
    }

    @Test
    void shouldStallAfterHeadersUntilTheClientTimesOut() {
        server.respond(PATH, TestResponse.stallAfterHeaders("version: STSv1\n"));

        assertThatThrownBy(() -> RawHttpsClient.get(client, server, HOST, PATH, 300))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void shouldReleaseStalledRequestsWhenClosed() throws Exception {
        server.respond(PATH, TestResponse.stallBeforeHeaders());
        CompletableFuture<String> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttpsClient.get(client, server, HOST, PATH, 10_000);
            } catch (Exception e) {
                return "failed: " + e;
            }
        });
        while (server.requests().isEmpty()) {
            Thread.onSpinWait();
        }

        server.close();

        assertThat(pending.get(5, TimeUnit.SECONDS)).doesNotStartWith("HTTP/1.1 200");
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("test-https-127.0.0.20-")) {
                thread.join(2000); // a pool thread may still be exiting after its pool terminated
                assertThat(thread.isAlive()).as("%s still alive", thread).isFalse();
            }
        }
    }

    @Test
    void shouldAcceptAndStaySilentBeforeTls() throws Exception {
        try (SilentTcpServer silent = SilentTcpServer.start(java.net.InetAddress.getByName("127.0.0.22"), 0);
                java.net.Socket socket = new java.net.Socket(silent.address(), silent.port())) {
            socket.setSoTimeout(200);

            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(silent.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldTrickleTheBodyOneByteAtATimeWithinEachReadTimeout() throws Exception {
        server.respond(PATH, TestResponse.trickle("abc", java.time.Duration.ofMillis(50)));

        String response = RawHttpsClient.get(client, server, HOST, PATH, 400);

        // chunked framing: one chunk of size 1 per byte
        assertThat(response).contains("1\r\na\r\n1\r\nb\r\n1\r\nc\r\n");
    }
}
