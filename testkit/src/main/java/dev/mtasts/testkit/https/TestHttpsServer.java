package dev.mtasts.testkit.https;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import dev.mtasts.testkit.tls.TestCa;

/**
 * An HTTPS server on a loopback address for policy-fetch tests, built on the JDK's {@code HttpsServer}. It
 * presents one {@link TestCa.Leaf}, answers each path with a programmed {@link TestResponse} (404 for any
 * other path), and records every request with its Host header and SNI name.
 *
 * <p>Stalling responses hold their handler thread until {@link #close()}, which releases them, stops the
 * server and waits for its threads to end. Thread-safe: responses may be programmed while it runs.
 */
public final class TestHttpsServer implements AutoCloseable {
    private static final int CHUNK = 4096;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Map<String, TestResponse> responses = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private TestHttpsServer(InetSocketAddress bind, TestCa.Leaf leaf) throws IOException {
        String prefix = "test-https-" + bind.getAddress().getHostAddress() + "-";
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, prefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = HttpsServer.create(bind, 16);
        server.setHttpsConfigurator(new HttpsConfigurator(leaf.serverContext()));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on {@code address} (e.g. 127.0.0.20) and {@code port} (0 picks a free one). */
    public static TestHttpsServer start(InetAddress address, int port, TestCa.Leaf leaf) throws IOException {
        return new TestHttpsServer(new InetSocketAddress(address, port), leaf);
    }

    /** Starts a server on {@code address} and a free port. */
    public static TestHttpsServer start(String address, TestCa.Leaf leaf) throws IOException {
        return start(InetAddress.getByName(address), 0, leaf);
    }

    /** Programs the answer for {@code path} (exact match on the path, query excluded); returns this. */
    public TestHttpsServer respond(String path, TestResponse response) {
        responses.put(path, response);
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address the server listens on. */
    public InetAddress address() {
        return server.getAddress().getAddress();
    }

    /** Every request so far, in arrival order (a request is recorded before it is answered). */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests recorded so far (for a server shared by several tests). */
    public void clearRequests() {
        requests.clear();
    }

    /** The requests whose path is {@code path}. */
    public List<RecordedRequest> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).collect(Collectors.toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            requests.add(record(exchange));
            TestResponse response = responses.getOrDefault(exchange.getRequestURI().getRawPath(), TestResponse.status(404));
            exchange.getRequestBody().readAllBytes();
            send(exchange, response);
        } catch (IOException e) {
            // the client went away (e.g. it refused an oversized body): nothing to answer
        } finally {
            exchange.close();
        }
    }

    private void send(HttpExchange exchange, TestResponse response) throws IOException {
        if (response.delivery() == TestResponse.Delivery.STALL_BEFORE_HEADERS) {
            awaitClose();
            return;
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] body = response.body();
        boolean fixed = response.delivery() == TestResponse.Delivery.FIXED_LENGTH;
        // HttpExchange: length -1 = no body, 0 = chunked, n = Content-Length n
        long length = fixed ? (body.length == 0 ? -1 : body.length) : 0;
        exchange.sendResponseHeaders(response.statusCode(), length);
        OutputStream out = exchange.getResponseBody();
        if (length == -1) {
            return;
        }
        if (response.delivery() == TestResponse.Delivery.TRICKLE) {
            trickle(out, body, response.pause());
            return;
        }
        for (int offset = 0; offset < body.length; offset += CHUNK) {
            out.write(body, offset, Math.min(CHUNK, body.length - offset));
            out.flush();
        }
        if (response.delivery() == TestResponse.Delivery.STALL_AFTER_HEADERS) {
            awaitClose();
            return;
        }
        out.close();
    }

    private void trickle(OutputStream out, byte[] body, java.time.Duration pause) throws IOException {
        for (byte b : body) {
            out.write(b);
            out.flush();
            if (awaitClose(pause)) {
                return;
            }
        }
        out.close();
    }

    /** Waits up to {@code pause}; true when the server is closing. */
    private boolean awaitClose(java.time.Duration pause) {
        try {
            return closing.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void awaitClose() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RecordedRequest record(HttpExchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String target = exchange.getRequestURI().getRawPath();
        return new RecordedRequest(exchange.getRequestMethod(), target, exchange.getRequestHeaders().getFirst("Host"),
                sniOf(exchange), headers);
    }

    private static String sniOf(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange)) {
            return null;
        }
        SSLSession session = ((HttpsExchange) exchange).getSSLSession();
        if (!(session instanceof ExtendedSSLSession)) {
            return null;
        }
        for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
            if (name instanceof SNIHostName) {
                return ((SNIHostName) name).getAsciiName();
            }
        }
        return null;
    }

    /** Releases stalled responses, stops listening, closes connections and waits (at most 5 s) for threads. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TestHttpsServer{" + server.getAddress() + "}";
    }
}
