package dev.mtasts.testkit.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * A real SMTP server (SubEthaSMTP) standing in for an MX host in tests: binds a loopback address, offers
 * STARTTLS with a given {@link SSLContext} (or no STARTTLS at all), records every message with the TLS
 * protocol and SNI name of the session that carried it, and can answer chosen recipients with a 4xx or
 * 5xx reply. Thread-safe; close it to stop.
 */
public final class TestSmtpSink implements AutoCloseable {
    private final TlsCapableServer server;
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final Map<String, String> recipientReplies = new ConcurrentHashMap<>();
    private final Map<Socket, String> sniBySocket = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    private TestSmtpSink(InetAddress address, int port, SSLContext tls, String hostName) {
        this.server = new TlsCapableServer(this, tls);
        server.setBindAddress(address);
        server.setPort(port);
        server.setHostName(hostName);
        server.setEnableTLS(tls != null);
        server.setHideTLS(tls == null);
        server.setConnectionTimeout(30_000);
        server.start();
    }

    /** A sink offering STARTTLS with {@code tls}. */
    public static TestSmtpSink withStartTls(String address, int port, SSLContext tls, String hostName) {
        return new TestSmtpSink(parse(address), port, tls, hostName);
    }

    /** A sink that does not offer STARTTLS (plaintext only). */
    public static TestSmtpSink plaintextOnly(String address, int port, String hostName) {
        return new TestSmtpSink(parse(address), port, null, hostName);
    }

    private static InetAddress parse(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** Answer RCPT TO for {@code recipient} with {@code reply}, e.g. {@code "550 5.1.1 no such user"}. */
    public TestSmtpSink rejectRecipient(String recipient, String reply) {
        recipientReplies.put(recipient.toLowerCase(Locale.ROOT), reply);
        return this;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getBindAddress(), server.boundPort);
    }

    /** Every message received so far, in order. */
    public List<ReceivedMessage> messages() {
        return new ArrayList<>(messages);
    }

    /** Number of TCP connections accepted (also those that never sent a message). */
    public int connectionCount() {
        return connections.get();
    }

    /** Waits until at least {@code count} messages arrived; returns them, or what arrived at the timeout. */
    public List<ReceivedMessage> awaitMessages(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return messages();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Handler implements MessageHandler {
        private final Session session;
        private String from;
        private final List<String> recipients = new ArrayList<>();

        Handler(Session session) {
            this.session = session;
        }

        @Override
        public void from(String from) {
            this.from = from;
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            String reply = recipientReplies.get(recipient.toLowerCase(Locale.ROOT));
            if (reply != null) {
                int code = Integer.parseInt(reply.substring(0, 3));
                throw new RejectException(code, reply.substring(4));
            }
            recipients.add(recipient);
        }

        @Override
        public void data(InputStream data) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            data.transferTo(out);
            Socket socket = session.getSocket();
            String protocol = null;
            String sni = null;
            if (session.isTLSStarted() && socket instanceof SSLSocket) {
                protocol = ((SSLSocket) socket).getSession().getProtocol();
                sni = sniBySocket.get(socket);
            }
            messages.add(new ReceivedMessage(session.getHelo(), from, recipients, out.toByteArray(), protocol, sni));
        }

        @Override
        public void done() {
        }
    }

    /** SubEthaSMTP server whose STARTTLS uses the given context and records the client's SNI name. */
    private static final class TlsCapableServer extends SMTPServer {
        private final TestSmtpSink sink;
        private final SSLContext tls;
        private volatile int boundPort;

        TlsCapableServer(TestSmtpSink sink, SSLContext tls) {
            super((MessageContext ctx) -> sink.new Handler((Session) ctx));
            this.sink = sink;
            this.tls = tls;
        }

        @Override
        protected ServerSocket createServerSocket() throws IOException {
            ServerSocket socket = new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket accepted = super.accept();
                    sink.connections.incrementAndGet();
                    return accepted;
                }
            };
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(getBindAddress(), getPort()), getBacklog());
            boundPort = socket.getLocalPort();
            return socket;
        }

        @Override
        public SSLSocket createSSLSocket(Socket socket) throws IOException {
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            SSLSocket tlsSocket = (SSLSocket) tls.getSocketFactory()
                    .createSocket(socket, remote.getHostString(), socket.getPort(), true);
            tlsSocket.setUseClientMode(false);
            SSLParameters parameters = tlsSocket.getSSLParameters();
            parameters.setSNIMatchers(List.of(new SNIMatcher(0) {
                @Override
                public boolean matches(SNIServerName serverName) {
                    if (serverName instanceof SNIHostName) {
                        sink.sniBySocket.put(tlsSocket, ((SNIHostName) serverName).getAsciiName());
                    }
                    return true;
                }
            }));
            tlsSocket.setSSLParameters(parameters);
            return tlsSocket;
        }
    }
}
