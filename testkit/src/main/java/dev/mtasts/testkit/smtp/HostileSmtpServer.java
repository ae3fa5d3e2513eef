package dev.mtasts.testkit.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MX that misbehaves on purpose, on a real loopback socket: a greeting of 64 MiB, a greeting dripped one
 * byte at a time, a huge EHLO name, STARTTLS answered with 220 and then plaintext, a server that stops reading
 * the message. Records every line the client sent (so a test can prove no {@code MAIL FROM} went out), the
 * connections and the octets it sent. Thread-safe; close it to stop.
 */
public final class HostileSmtpServer implements AutoCloseable {
    /** What the server does with one connection. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Connection connection) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong octetsSent = new AtomicLong();

    private HostileSmtpServer(InetAddress address, int port, Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(address, port));
        Thread acceptor = new Thread(this::accept, "hostile-smtp-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address}:{@code port} (0 for any free port) and treats every client with {@code behaviour}. */
    public static HostileSmtpServer start(String address, int port, Behaviour behaviour) {
        try {
            return new HostileSmtpServer(InetAddress.getByName(address), port, behaviour);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + address + ":" + port, e);
        }
    }

    /** A one-line greeting {@code 220 aaaa...} of {@code octets} octets with no line end, streamed, never held whole. */
    public static Behaviour giantGreeting(long octets) {
        return c -> {
            c.send("220 ");
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            for (long sent = 4; sent < octets; sent += chunk.length) {
                c.sendRaw(chunk, (int) Math.min(chunk.length, octets - sent));
            }
        };
    }

    /** {@code 220 } then one octet every {@code interval}, forever: each read returns just inside any timeout. */
    public static Behaviour drippingGreeting(Duration interval) {
        return c -> {
            byte[] start = "220 ".getBytes(StandardCharsets.US_ASCII);
            for (byte b : start) {
                c.sendRaw(new byte[] {b}, 1);
                Thread.sleep(interval.toMillis());
            }
            while (true) {
                c.sendRaw(new byte[] {'x'}, 1);
                Thread.sleep(interval.toMillis());
            }
        };
    }

    /**
     * A plaintext MX (no STARTTLS) that accepts mail and answers EHLO with {@code name} as the first word of its
     * first line.
     */
    public static Behaviour ehloName(String name) {
        return c -> c.converse("220 greeting", List.of(name + " hello", "PIPELINING", "8BITMIME"), false, false);
    }

    /** A plaintext MX that accepts mail and answers EHLO with these lines (the first starts with its name). */
    public static Behaviour plainMx(String... ehloLines) {
        return c -> c.converse("220 greeting", List.of(ehloLines), false, false);
    }

    /** A plaintext MX that offers STARTTLS but answers it {@code 454 4.7.0 TLS not available}, then accepts mail. */
    public static Behaviour startTlsRefused() {
        return c -> c.converse("220 greeting", List.of("mx.refuses.test hello", "STARTTLS"), false, false);
    }

    /** A plaintext MX that answers EHLO {@code 502 5.5.2}, accepts HELO and mail. */
    public static Behaviour ehloRefused() {
        return c -> c.converse("220 greeting", List.of("mx.old.test"), false, true);
    }

    /** A plaintext MX that accepts MAIL, RCPT and DATA, then stops reading the message (and never answers). */
    public static Behaviour stallsInData() {
        return c -> c.converse("220 staller", List.of("staller.test hello"), true, false);
    }

    /**
     * Offers STARTTLS, answers it {@code 220 ready}, then talks plaintext: {@code immediately} sends a forged
     * {@code 250} in the same write (a STARTTLS injection); otherwise it waits for the ClientHello and answers
     * it, and everything after, with plaintext {@code 250 ok}.
     */
    public static Behaviour startTlsThenPlaintext(boolean immediately) {
        return c -> {
            c.send("220 mx greeting\r\n");
            while (true) {
                String line = c.line();
                if (line == null) {
                    return;
                }
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                if (verb.equals("EHLO")) {
                    c.send("250-mx.plaintext.test\r\n250-STARTTLS\r\n250 PIPELINING\r\n");
                } else if (line.equalsIgnoreCase("STARTTLS")) {
                    c.send(immediately ? "220 ready\r\n250-mx.plaintext.test\r\n250 PIPELINING\r\n" : "220 ready\r\n");
                } else {
                    c.send("250 ok\r\n");
                }
            }
        };
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                sockets.add(socket);
                connections.incrementAndGet();
                Thread worker = new Thread(() -> serve(socket), "hostile-smtp-client");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            behaviour.serve(new Connection(socket));
        } catch (IOException | InterruptedException e) {
            // the client went away (as a bounded client should): done
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every line the clients sent, in order (binary TLS records appear as garbled lines). */
    public List<String> received() {
        return new ArrayList<>(received);
    }

    /** True when some client sent a line starting with {@code verb} (case-insensitive), e.g. {@code MAIL FROM}. */
    public boolean receivedCommand(String verb) {
        return received.stream().anyMatch(l -> l.regionMatches(true, 0, verb, 0, verb.length()));
    }

    public int connectionCount() {
        return connections.get();
    }

    /** Octets written to clients so far. */
    public long octetsSent() {
        return octetsSent.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    /** One client connection, with helpers that record what the client sent. */
    public final class Connection {
        private final InputStream in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        public void send(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            sendRaw(bytes, bytes.length);
        }

        public void sendRaw(byte[] bytes, int length) throws IOException {
            out.write(bytes, 0, length);
            out.flush();
            octetsSent.addAndGet(length);
        }

        /** The next line from the client (at most 64 KiB kept), recorded; null at end of stream. */
        public String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (line.size() < 64 * 1024) {
                    line.write(b);
                }
            }
            if (b < 0 && line.size() == 0) {
                return null;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            received.add(text);
            return text;
        }

        /** A plain SMTP dialogue: greeting, EHLO with {@code ehloLines}, MAIL, RCPT, DATA; optionally stall in DATA. */
        void converse(String greeting, List<String> ehloLines, boolean stallInData, boolean refuseEhlo)
                throws IOException, InterruptedException {
            send(greeting + "\r\n");
            while (true) {
                String line = line();
                if (line == null) {
                    return;
                }
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("EHLO") && refuseEhlo) {
                    send("502 5.5.2 EHLO not implemented\r\n");
                } else if (upper.equals("STARTTLS")) {
                    send("454 4.7.0 TLS not available\r\n");
                } else if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    StringBuilder reply = new StringBuilder();
                    for (int i = 0; i < ehloLines.size(); i++) {
                        reply.append(i == ehloLines.size() - 1 ? "250 " : "250-").append(ehloLines.get(i)).append("\r\n");
                    }
                    send(reply.toString());
                } else if (upper.equals("DATA")) {
                    send("354 go on\r\n");
                    while (stallInData && !listener.isClosed()) {
                        Thread.sleep(50);
                    }
                    while (!".".equals(line())) {
                        // the message
                    }
                    send("250 2.0.0 queued\r\n");
                } else if (upper.equals("QUIT")) {
                    send("221 bye\r\n");
                    return;
                } else {
                    send("250 2.1.0 ok\r\n");
                }
            }
        }
    }
}
