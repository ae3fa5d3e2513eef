package dev.mtasts.testkit.https;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener that accepts connections and never sends a byte: no TLS handshake, no HTTP answer. Tests
 * use it for a policy or MX host that hangs before TLS. {@link #close()} closes the listener and every
 * accepted connection and ends its one accept thread. Thread-safe.
 */
public final class SilentTcpServer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private SilentTcpServer(ServerSocket listener) {
        this.listener = listener;
        this.acceptor = new Thread(this::acceptForever, "silent-tcp-" + listener.getLocalSocketAddress());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address} (e.g. 127.0.0.25) and {@code port} (0 picks a free one). */
    public static SilentTcpServer start(InetAddress address, int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(address, port));
        return new SilentTcpServer(listener);
    }

    private void acceptForever() {
        while (!listener.isClosed()) {
            try {
                accepted.add(listener.accept());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    public InetAddress address() {
        return listener.getInetAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections were accepted so far. */
    public int acceptedCount() {
        return accepted.size();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : accepted) {
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
}
