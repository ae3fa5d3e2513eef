package dev.mtasts.testkit.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.Message;

/**
 * The UDP socket and the TCP server socket of a {@link TestDnsServer}, on one address and port, each with
 * its own daemon thread (and one per TCP connection). Hands every received message to a {@link Handler};
 * over TCP messages are framed by a two-byte length (RFC 1035 §4.2.2). Thread-safe.
 */
final class DnsListeners implements AutoCloseable {
    /** Answers one received message; null means "do not answer". */
    interface Handler {
        Message handle(byte[] wire, ReceivedQuery.Transport transport);
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Handler handler;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread udpThread;
    private final Thread tcpThread;
    private volatile boolean closed;

    private DnsListeners(DatagramSocket udp, ServerSocket tcp, Handler handler) {
        this.udp = udp;
        this.tcp = tcp;
        this.handler = handler;
        this.udpThread = daemon(this::serveUdp, "test-dns-udp-" + udp.getLocalPort());
        this.tcpThread = daemon(this::acceptTcp, "test-dns-tcp-" + udp.getLocalPort());
        udpThread.start();
        tcpThread.start();
    }

    /** Binds UDP and TCP to the same port (port 0: an ephemeral port free for both) and starts serving. */
    static DnsListeners bind(InetAddress address, int port, Handler handler) {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket udp = null;
            try {
                udp = new DatagramSocket(new InetSocketAddress(address, port));
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.bind(new InetSocketAddress(address, udp.getLocalPort()), 50);
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                return new DnsListeners(udp, tcp, handler);
            } catch (IOException e) {
                last = e;
                if (udp != null) {
                    udp.close();
                }
                if (port != 0 || !(e instanceof BindException)) {
                    break; // only an ephemeral port taken by someone else on TCP is worth another try
                }
            }
        }
        throw new UncheckedIOException("cannot bind a DNS server to " + address.getHostAddress() + ":" + port, last);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                byte[] wire = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength());
                Message response = handler.handle(wire, ReceivedQuery.Transport.UDP);
                if (response != null) {
                    byte[] out = ZoneResponder.udpWire(new Message(wire), response);
                    udp.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                // a malformed packet or a vanished client: keep serving
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                connections.add(socket);
                daemon(() -> serveTcp(socket), "test-dns-tcp-conn-" + udp.getLocalPort()).start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (!closed) {
                byte[] wire = new byte[in.readUnsignedShort()];
                in.readFully(wire);
                Message response = handler.handle(wire, ReceivedQuery.Transport.TCP);
                if (response != null) {
                    byte[] bytes = response.toWire();
                    out.writeShort(bytes.length);
                    out.write(bytes);
                    out.flush();
                }
            }
        } catch (EOFException e) {
            // the client closed the connection
        } catch (IOException | RuntimeException e) {
            // connection reset, or the server is closing
        } finally {
            connections.remove(socket);
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Stops both listeners and closes open TCP connections; idempotent. */
    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
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
            udpThread.join(2000);
            tcpThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
