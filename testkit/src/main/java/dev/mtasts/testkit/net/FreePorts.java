package dev.mtasts.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * A TCP port nobody listens on right now, for a server a test starts (James, a Cassandra, a Postfix) that
 * cannot be given port 0 itself. The port is free when asked for; a test binds it at once. Stateless.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** A free port on 127.0.0.1. */
    public static int loopback() {
        return on(InetAddress.getLoopbackAddress());
    }

    /** A free port on {@code address} (a literal address, e.g. {@code 127.0.0.2}). */
    public static int on(String address) {
        try {
            return on(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    private static int on(InetAddress address) {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + address.getHostAddress(), e);
        }
    }
}
