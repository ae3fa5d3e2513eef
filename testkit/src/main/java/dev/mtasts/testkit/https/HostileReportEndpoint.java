package dev.mtasts.testkit.https;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLServerSocket;

import dev.mtasts.testkit.tls.TestCa;

/**
 * An HTTPS report endpoint that misbehaves on purpose, on a raw TLS socket (so that it can do what a web
 * server library would not): it reads each request completely, records it, then answers as its
 * {@link Behaviour} says. Real TLS with a {@link TestCa} leaf. {@link #close()} ends every connection and
 * thread. Thread-safe.
 */
public final class HostileReportEndpoint implements AutoCloseable {
    /** How the endpoint answers a request it has read. */
    public enum Behaviour {
        /** Sends the status line one byte at a time, {@code pause} apart, never finishing. */
        DRIP,
        /** Answers 200 with a Content-Length of 1 GiB and writes body bytes as fast as the client reads. */
        HUGE_BODY,
        /** Answers 302 with a Location on another host. */
        REDIRECT,
        /** Answers 200 with an empty body: the well-behaved case. */
        ACCEPT
    }

    /** One request as read: method, path and body size. Immutable. */
    public static final class Request {
        public final String method;
        public final String path;
        public final int bodyBytes;

        Request(String method, String path, int bodyBytes) {
            this.method = method;
            this.path = path;
            this.bodyBytes = bodyBytes;
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + bodyBytes + " bytes)";
        }
    }

    private final SSLServerSocket listener;
    private final Behaviour behaviour;
    private final Duration pause;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread acceptor;

    private HostileReportEndpoint(SSLServerSocket listener, Behaviour behaviour, Duration pause) {
        this.listener = listener;
        this.behaviour = behaviour;
        this.pause = pause;
        this.acceptor = new Thread(this::acceptForever, "hostile-endpoint-" + listener.getLocalSocketAddress());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address} (e.g. 127.0.0.90), a free port; {@code pause} is the DRIP interval. */
    public static HostileReportEndpoint start(String address, TestCa.Leaf leaf, Behaviour behaviour, Duration pause)
            throws IOException {
        SSLServerSocket listener = (SSLServerSocket) leaf.serverContext().getServerSocketFactory().createServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return new HostileReportEndpoint(listener, behaviour, pause);
    }

    public InetAddress address() {
        return listener.getInetAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code https://<address>:<port><path>}. */
    public String url(String path) {
        return "https://" + address().getHostAddress() + ":" + port() + path;
    }

    /** Requests read completely so far. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Answer bytes (status line, headers, body) written so far, over all connections. */
    public long bytesSent() {
        return bytesSent.get();
    }

    private void acceptForever() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                connections.add(socket);
                Thread handler = new Thread(() -> handle(socket), "hostile-endpoint-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] requestLine = head.split("\r\n", 2)[0].split(" ");
            int length = contentLength(head);
            byte[] body = in.readNBytes(length);
            requests.add(new Request(requestLine[0], requestLine.length > 1 ? requestLine[1] : "", body.length));
            answer(socket.getOutputStream());
        } catch (IOException e) {
            // the client went away, as clients of this endpoint should
        }
    }

    private void answer(OutputStream out) throws IOException {
        switch (behaviour) {
            case DRIP:
                for (byte b : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
                    write(out, new byte[] {b});
                    if (awaitClosing(pause)) {
                        return;
                    }
                }
                awaitClosing(Duration.ofDays(1));
                return;
            case HUGE_BODY:
                write(out, ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + (1L << 30)
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[16 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                for (long sent = 0; sent < (1L << 30) && !isClosing(); sent += chunk.length) {
                    write(out, chunk);
                }
                return;
            case REDIRECT:
                write(out, ("HTTP/1.1 302 Found\r\nLocation: https://collector.elsewhere.test/report\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                return;
            default:
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        bytesSent.addAndGet(bytes.length);
    }

    private boolean isClosing() {
        return closing.getCount() == 0;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > 64 * 1024) {
                throw new IOException("no complete request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code time}; true when the endpoint is closing. */
    private boolean awaitClosing(Duration time) {
        try {
            return closing.await(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
