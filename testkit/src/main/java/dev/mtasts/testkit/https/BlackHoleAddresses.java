package dev.mtasts.testkit.https;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Several loopback addresses on one port that accept TCP and never send a byte: the addresses of a hostile or
 * broken host name (a policy host, a report endpoint) whose every address black-holes the TLS handshake.
 * Built from {@link SilentTcpServer}s on consecutive addresses ({@code 127.0.0.<first>},
 * {@code 127.0.0.<first+1>}, ...) sharing the port of the first, or a port given by the test (to sit next to
 * a real server on another address). {@link #close()} closes them all. Thread-safe.
 */
public final class BlackHoleAddresses implements AutoCloseable {
    private final List<SilentTcpServer> servers;

    private BlackHoleAddresses(List<SilentTcpServer> servers) {
        this.servers = List.copyOf(servers);
    }

    /** {@code count} silent listeners on 127.0.0.{@code first} onwards; {@code port} 0 picks a free one. */
    public static BlackHoleAddresses start(int first, int count, int port) throws IOException {
        if (count < 1 || first < 1 || first + count > 255) {
            throw new IllegalArgumentException("addresses 127.0.0." + first + " to +" + count + " are not usable");
        }
        List<SilentTcpServer> started = new ArrayList<>();
        try {
            int shared = port;
            for (int i = 0; i < count; i++) {
                SilentTcpServer server = SilentTcpServer.start(InetAddress.getByName("127.0.0." + (first + i)), shared);
                started.add(server);
                shared = server.port();
            }
            return new BlackHoleAddresses(started);
        } catch (IOException | RuntimeException e) {
            started.forEach(SilentTcpServer::close);
            throw e;
        }
    }

    /** The addresses, in order. */
    public List<InetAddress> addresses() {
        List<InetAddress> out = new ArrayList<>();
        for (SilentTcpServer server : servers) {
            out.add(server.address());
        }
        return out;
    }

    /** The port all of them listen on. */
    public int port() {
        return servers.get(0).port();
    }

    /** How many connections each address accepted so far, in address order. */
    public List<Integer> acceptedCounts() {
        List<Integer> out = new ArrayList<>();
        for (SilentTcpServer server : servers) {
            out.add(server.acceptedCount());
        }
        return out;
    }

    @Override
    public void close() {
        servers.forEach(SilentTcpServer::close);
    }
}
