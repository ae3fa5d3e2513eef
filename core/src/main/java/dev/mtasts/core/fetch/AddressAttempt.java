package dev.mtasts.core.fetch;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.client5.http.classic.methods.HttpGet;

/**
 * The state of one try of one policy-host address: the socket once connected (so that a watchdog can close
 * it, which also ends a TLS handshake that never progresses: HttpClient's cancel does not reach a
 * connection still being set up), whether the TLS handshake completed, and which bound ended it, if any.
 * Written by the fetching thread and by the watchdogs; thread-safe.
 */
final class AddressAttempt {
    final InetAddress address;
    final HttpGet get;
    private final AtomicReference<Socket> socket = new AtomicReference<>();
    private volatile boolean handshakeDone;
    private volatile boolean connectExpired;
    private volatile boolean deadlinePassed;

    AddressAttempt(InetAddress address, HttpGet get) {
        this.address = address;
        this.get = get;
    }

    /** Called with the TCP socket before the TLS handshake starts. */
    void connected(Socket plain) {
        socket.set(plain);
        if (connectExpired || deadlinePassed) {
            closeQuietly(plain);
        }
    }

    void handshakeDone() {
        handshakeDone = true;
    }

    boolean isHandshakeDone() {
        return handshakeDone;
    }

    /** The per-address bound on connect + TLS handshake passed: closes the connection unless the handshake is done. */
    void connectBoundPassed() {
        if (!handshakeDone) {
            connectExpired = true;
            abort();
        }
    }

    boolean connectExpired() {
        return connectExpired;
    }

    /** The whole fetch's deadline passed: closes everything of this attempt. */
    void deadlinePassed() {
        deadlinePassed = true;
        abort();
    }

    boolean isDeadlinePassed() {
        return deadlinePassed;
    }

    private void abort() {
        get.cancel();
        Socket current = socket.get();
        if (current != null) {
            closeQuietly(current);
        }
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closed on purpose, or already done: nothing left to release
        }
    }
}
