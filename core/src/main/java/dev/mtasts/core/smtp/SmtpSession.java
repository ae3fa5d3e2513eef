package dev.mtasts.core.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.mtasts.core.smtp.SmtpException.Kind;

/**
 * One SMTP session to one address, bounded by {@link SmtpLimits}: greeting, EHLO (or HELO), STARTTLS, then mail
 * transactions. Every command (and every pipelined group, RFC 2920) leaves in one write; the message data in
 * 64 KiB writes and one flush. Not thread-safe: one delivery thread uses a session at a time.
 */
public final class SmtpSession implements AutoCloseable {
    /** RFC 2920 §3.1: how many RCPT TO go in one pipelined write before their replies are read. */
    private static final int PIPELINE_GROUP = 100;
    private static final Duration QUIT_WAIT = Duration.ofSeconds(10);

    private final SmtpClient client;
    private final SmtpLimits limits;
    private final String peer;
    private final Socket plain;
    private final ReplyReader reader;
    private final Deadline setup;
    private OutputStream out;
    private SSLSocket tls;
    private EhloCapabilities capabilities;
    private boolean greeted;
    private boolean tlsAttempted;
    private Predicate<SSLSession> requiredTls;
    private int transactions;
    private Future<?> armed;
    private Deadline armedFor;

    private SmtpSession(SmtpClient client, String peer, Socket plain, Deadline setup) throws IOException {
        this.client = client;
        this.limits = client.limits();
        this.peer = peer;
        this.plain = plain;
        this.setup = setup;
        this.reader = new ReplyReader(limits, client.readTimeout(), peer);
        reader.readFrom(plain);
        this.out = plain.getOutputStream();
    }

    static SmtpSession open(SmtpClient client, String mxName, InetAddress address, int port, Deadline outer)
            throws SmtpException {
        String peer = mxName + " [" + address.getHostAddress() + "]";
        Deadline setup = Deadline.after("session set-up deadline", client.limits().sessionSetup()).earliest(outer);
        Socket socket = new Socket();
        Future<?> watch = client.watchdog().arm(setup, socket);
        try {
            socket.setTcpNoDelay(true);
            InetAddress pinned = InetAddress.getByAddress(mxName, address.getAddress());
            long wait = Math.min(client.connectTimeout().toMillis(), Math.max(1, setup.remainingMillis()));
            socket.connect(new InetSocketAddress(pinned, port), (int) Math.min(Integer.MAX_VALUE, wait));
            SmtpSession session = new SmtpSession(client, peer, socket, setup);
            session.armed = watch;
            session.armedFor = setup;
            return session;
        } catch (IOException e) {
            watch.cancel(false);
            closeQuietly(socket);
            if (setup.passed()) {
                throw new SmtpException(Kind.DEADLINE, "could not connect to " + peer + " within "
                        + setup.description());
            }
            throw new SmtpException(Kind.CONNECT, "could not connect to " + peer + " port " + port + ": "
                    + SmtpException.reason(e), e);
        }
    }

    /** {@code mx.example.com [192.0.2.1]}. */
    public String peer() {
        return peer;
    }

    public InetAddress localAddress() {
        return plain.getLocalAddress();
    }

    /** Reads the greeting (RFC 5321 §4.3.1: 220, or 554 when the server will not talk). */
    public SmtpReply greeting() throws SmtpException {
        SmtpReply reply = read("the greeting", setup);
        greeted = true;
        return reply;
    }

    /** True once a greeting arrived (a session that counts against a round's session limit). */
    public boolean greeted() {
        return greeted;
    }

    /** Sends EHLO; on a positive reply its capabilities are known ({@link #capabilities()}). */
    public SmtpReply ehlo(String name) throws SmtpException {
        return hello("EHLO", name, true);
    }

    /** RFC 5321 §4.1.1.1: HELO, for servers that refuse EHLO; no extensions (so no STARTTLS). */
    public SmtpReply helo(String name) throws SmtpException {
        return hello("HELO", name, false);
    }

    private SmtpReply hello(String verb, String name, boolean ehlo) throws SmtpException {
        command(verb + " " + name, verb, setup);
        SmtpReply reply = read("the reply to " + verb, setup);
        if (reply.isPositive()) {
            capabilities = EhloCapabilities.parse(reply, ehlo);
        }
        return reply;
    }

    /** What the last positive EHLO (or HELO) reply said; empty before one, and after STARTTLS until the next. */
    public Optional<EhloCapabilities> capabilities() {
        return Optional.ofNullable(capabilities);
    }

    /**
     * RFC 3207: sends STARTTLS; on 220 layers TLS over the connection with {@code layer} and runs the handshake
     * within the set-up deadline. The capabilities are forgotten (RFC 3207 §4.2): send EHLO again.
     *
     * @return the reply to STARTTLS; when 220, TLS is up on return
     * @throws SmtpException {@code PROTOCOL} when the server sent anything after its 220 (plaintext that could
     *     be mistaken for a protected reply), {@code HANDSHAKE} or {@code DEADLINE} when the handshake fails
     */
    public SmtpReply startTls(TlsLayer layer) throws SmtpException {
        command("STARTTLS", "STARTTLS", setup);
        SmtpReply reply = read("the reply to STARTTLS", setup);
        if (reply.code() != 220) {
            return reply;
        }
        tlsAttempted = true;
        if (reader.hasBuffered()) {
            throw new SmtpException(Kind.PROTOCOL, peer + " sent plaintext after its 220 reply to STARTTLS, before"
                    + " the TLS handshake (RFC 3207 §4.2: nothing before TLS may be trusted)");
        }
        capabilities = null;
        try {
            SSLSocket socket = layer.layer(plain);
            socket.setSoTimeout((int) Math.min(Math.max(1, setup.remainingMillis()), client.readTimeout().toMillis()));
            socket.startHandshake();
            tls = socket;
            reader.readFrom(socket);
            out = socket.getOutputStream();
        } catch (IOException e) {
            if (setup.passed()) {
                throw new SmtpException(Kind.DEADLINE, "the TLS handshake with " + peer + " did not finish within "
                        + setup.description(), e);
            }
            throw new SmtpException(Kind.HANDSHAKE, "the TLS handshake with " + peer + " failed: "
                    + SmtpException.reason(e), e);
        }
        return reply;
    }

    /** True once the server agreed to STARTTLS (the handshake was attempted). */
    public boolean tlsAttempted() {
        return tlsAttempted;
    }

    /** The TLS socket once the handshake succeeded. */
    public Optional<SSLSocket> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * RFC 8461 §5 enforce: from now on no MAIL FROM, RCPT TO, DATA or message octet is sent unless the session
     * runs over TLS whose session {@code validated} accepts; checked before each.
     */
    public void requireValidatedTls(Predicate<SSLSession> validated) {
        this.requiredTls = validated;
    }

    /** Number of transactions that reached the reply to the message data. */
    public int transactions() {
        return transactions;
    }

    /**
     * One mail transaction: MAIL FROM (with SIZE and SMTPUTF8 when offered and needed), RCPT TO for each
     * recipient (pipelined when offered), and, when a recipient was accepted, DATA and the message. The
     * transaction deadline is {@link SmtpLimits#transactionFor(long)} of {@code octets}; each command has also
     * the command deadline.
     *
     * @param octets the message's size as {@link #measure} gives it
     */
    public TransactionReplies transaction(String sender, List<String> recipients, SmtpMessage message, long octets)
            throws SmtpException {
        Duration length = limits.transactionFor(octets);
        Deadline deadline = Deadline.after("transaction deadline", length, Deadline.seconds(length) + " ("
                + Deadline.seconds(limits.transaction()) + " + " + octets + " octets at " + limits.dataRateMin()
                + " octets/s)");
        EhloCapabilities offered = capabilities == null ? EhloCapabilities.parse(new SmtpReply(250, List.of("")), false)
                : capabilities;
        boolean utf8 = !ascii(sender) || recipients.stream().anyMatch(r -> !ascii(r));
        String mail = "MAIL FROM:<" + sender + ">" + (offered.size() ? " SIZE=" + octets : "")
                + (utf8 && offered.smtpUtf8() ? " SMTPUTF8" : "");
        List<String> rcpts = new ArrayList<>();
        for (String recipient : recipients) {
            rcpts.add("RCPT TO:<" + recipient + ">");
        }
        SmtpReply mailReply;
        List<SmtpReply> rcptReplies = new ArrayList<>();
        if (offered.pipelining()) {
            mailReply = null;
            for (int from = 0; from < rcpts.size(); from += PIPELINE_GROUP) {
                List<String> group = new ArrayList<>();
                if (from == 0) {
                    group.add(mail);
                }
                group.addAll(rcpts.subList(from, Math.min(rcpts.size(), from + PIPELINE_GROUP)));
                Deadline step = commandDeadline(deadline);
                secure(from == 0 ? "MAIL FROM" : "RCPT TO");
                write(String.join("\r\n", group) + "\r\n", from == 0 ? "MAIL FROM and RCPT TO" : "RCPT TO", step);
                if (from == 0) {
                    mailReply = read("the reply to MAIL FROM", step);
                }
                for (int i = from; i < Math.min(rcpts.size(), from + PIPELINE_GROUP); i++) {
                    rcptReplies.add(read("the reply to RCPT TO", step));
                }
            }
        } else {
            secure("MAIL FROM");
            Deadline step = commandDeadline(deadline);
            command(mail, "MAIL FROM", step);
            mailReply = read("the reply to MAIL FROM", step);
            for (int i = 0; mailReply.isPositive() && i < rcpts.size(); i++) {
                secure("RCPT TO");
                step = commandDeadline(deadline);
                command(rcpts.get(i), "RCPT TO", step);
                rcptReplies.add(read("the reply to RCPT TO", step));
            }
        }
        if (!mailReply.isPositive() || rcptReplies.stream().noneMatch(SmtpReply::isPositive)) {
            return new TransactionReplies(mailReply, rcptReplies, null, null);
        }
        secure("DATA");
        Deadline step = commandDeadline(deadline);
        command("DATA", "DATA", step);
        SmtpReply data = read("the reply to DATA", step);
        if (data.code() != 354) {
            return new TransactionReplies(mailReply, rcptReplies, data, null);
        }
        secure("the message");
        sendData(message, deadline);
        SmtpReply end = read("the reply to the message data", deadline);
        transactions++;
        return new TransactionReplies(mailReply, rcptReplies, data, end);
    }

    /** The size of {@code message} as SIZE and the transaction deadline count it (CRLF line ends). */
    public static long measure(SmtpMessage message) throws IOException {
        return SmtpDataStream.measure(message);
    }

    /** RFC 5321 §4.1.1.5: RSET, to end a transaction and start another on the same session. */
    public SmtpReply rset() throws SmtpException {
        Deadline step = Deadline.after("command deadline", limits.command());
        command("RSET", "RSET", step);
        return read("the reply to RSET", step);
    }

    /**
     * Leaves the session idle for at most {@code idle}: the watchdog closes the connection then, unless
     * {@link #resume()} comes first. For keeping a session open between transactions.
     */
    public void park(Duration idle) {
        arm(Deadline.after("idle limit", idle));
    }

    /** Ends {@link #park(Duration)}: true when the connection is still open and may be used again. */
    public boolean resume() {
        boolean stopped = armed == null || armed.cancel(false);
        armed = null;
        armedFor = null;
        return stopped && !plain.isClosed() && !plain.isInputShutdown();
    }

    /** Sends QUIT and waits briefly for the reply (RFC 5321 §4.1.1.10); never fails. */
    public void quit() {
        try {
            Deadline step = Deadline.after("QUIT deadline", QUIT_WAIT.compareTo(limits.command()) < 0 ? QUIT_WAIT
                    : limits.command());
            command("QUIT", "QUIT", step);
            read("the reply to QUIT", step);
        } catch (SmtpException e) {
            // the outcome of the session is decided already
        }
    }

    private Deadline commandDeadline(Deadline transaction) {
        return Deadline.after("command deadline", limits.command()).earliest(transaction);
    }

    private void secure(String what) throws SmtpException {
        if (requiredTls == null) {
            return;
        }
        SSLSession session = tls == null || tls.isClosed() ? null : tls.getSession();
        boolean secure = session != null && session.isValid() && !"NONE".equals(session.getProtocol())
                && requiredTls.test(session);
        if (!secure) {
            throw new SmtpException(Kind.NOT_SECURE, "refused to send " + what + " to " + peer + ": the session is not"
                    + " protected by validated TLS, which the MTA-STS policy requires (RFC 8461 §5)");
        }
    }

    private void command(String line, String what, Deadline deadline) throws SmtpException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command cannot contain a line break: " + what);
        }
        write(line + "\r\n", what, deadline);
    }

    private void write(String text, String what, Deadline deadline) throws SmtpException {
        arm(deadline);
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw writeFailed(what, deadline, e);
        }
    }

    private void sendData(SmtpMessage message, Deadline deadline) throws SmtpException {
        arm(deadline);
        SmtpDataStream data = new SmtpDataStream(out, true);
        try {
            message.writeTo(data);
            data.finish();
        } catch (SmtpDataStream.SocketWriteException e) {
            throw writeFailed("the message", deadline, e.getCause());
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            throw new SmtpException(Kind.NETWORK, "the message could not be read while sending it to " + peer
                    + " (the session was ended without the final dot): " + SmtpException.reason(e), e);
        }
    }

    private SmtpException writeFailed(String what, Deadline deadline, Throwable e) {
        if (deadline.passed()) {
            return new SmtpException(Kind.DEADLINE, peer + " did not take " + what + " within "
                    + deadline.description());
        }
        return new SmtpException(Kind.NETWORK, "could not send " + what + " to " + peer + ": "
                + SmtpException.reason(e), e);
    }

    private SmtpReply read(String what, Deadline deadline) throws SmtpException {
        arm(deadline);
        return reader.read(what, deadline);
    }

    private void arm(Deadline deadline) {
        if (deadline != armedFor) {
            if (armed != null) {
                armed.cancel(false);
            }
            armed = client.watchdog().arm(deadline, plain);
            armedFor = deadline;
        }
    }

    private static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Closes the connection (without QUIT; call {@link #quit()} first when the session went well). */
    @Override
    public void close() {
        if (armed != null) {
            armed.cancel(false);
        }
        closeQuietly(plain);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do with this connection
        }
    }
}
