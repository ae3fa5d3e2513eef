package dev.mtasts.core.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mtasts.core.RemoteText;
import dev.mtasts.core.smtp.SmtpException.Kind;

/**
 * The only way bytes from the server reach this client: reads replies within {@link SmtpLimits} (line, lines and
 * octets per reply, octets per session) and within a {@link Deadline}. Before each read the socket's timeout is
 * set to the smaller of the read timeout and the time left. Not thread-safe: one per session.
 */
final class ReplyReader {
    private final SmtpLimits limits;
    private final Duration readTimeout;
    private final String peer;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private long sessionOctets;
    private Socket socket;
    private InputStream in;

    ReplyReader(SmtpLimits limits, Duration readTimeout, String peer) {
        this.limits = limits;
        this.readTimeout = readTimeout;
        this.peer = peer;
    }

    /** Reads from {@code next} from now on (after STARTTLS: the TLS socket); nothing may be left unread. */
    void readFrom(Socket next) throws IOException {
        if (hasBuffered()) {
            throw new IllegalStateException("unread octets would be lost");
        }
        this.socket = next;
        this.in = next.getInputStream();
    }

    /** True when the server sent octets not read yet (e.g. after its reply to STARTTLS). */
    boolean hasBuffered() {
        return position < limit;
    }

    long sessionOctets() {
        return sessionOctets;
    }

    /**
     * Reads one reply (RFC 5321 §4.2: {@code code "-" text} lines, then {@code code [SP text]}).
     *
     * @param what names the reply in failures, e.g. {@code the greeting}, {@code the reply to MAIL FROM}
     */
    SmtpReply read(String what, Deadline deadline) throws SmtpException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        int octets = 0;
        while (true) {
            String line = line(what, deadline);
            octets += line.length() + 2;
            if (octets > limits.replyOctets()) {
                throw new SmtpException(Kind.LIMIT, what + " of " + peer + " exceeded " + limits.replyOctets()
                        + " octets in one reply");
            }
            boolean valid = line.length() >= 3 && digit(line.charAt(0), '2', '5') && digit(line.charAt(1), '0', '9')
                    && digit(line.charAt(2), '0', '9')
                    && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-');
            if (!valid) {
                throw new SmtpException(Kind.PROTOCOL, what + " of " + peer + " is not an SMTP reply: '"
                        + RemoteText.clean(line, 80) + "'");
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                // RFC 5321 §4.2.1: every line of a multi-line reply carries the same code.
                throw new SmtpException(Kind.PROTOCOL, what + " of " + peer + " mixes reply codes " + code + " and "
                        + lineCode);
            }
            code = lineCode;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(code, lines);
            }
            if (lines.size() >= limits.replyLines()) {
                throw new SmtpException(Kind.LIMIT, what + " of " + peer + " exceeded " + limits.replyLines()
                        + " lines");
            }
        }
    }

    private static boolean digit(char c, char low, char high) {
        return c >= low && c <= high;
    }

    /** One line without its CRLF (a bare LF also ends a line), at most {@link SmtpLimits#lineOctets()} with it. */
    private String line(String what, Deadline deadline) throws SmtpException {
        int max = limits.lineOctets();
        byte[] line = new byte[128];
        int length = 0;
        while (true) {
            if (position == limit) {
                fill(what, deadline);
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                return new String(line, 0, end, StandardCharsets.UTF_8);
            }
            if (length + 2 > max) {
                throw new SmtpException(Kind.LIMIT, what + " of " + peer + " exceeded " + max + " octets in one line");
            }
            if (length == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(max, line.length * 2));
            }
            line[length++] = b;
        }
    }

    private void fill(String what, Deadline deadline) throws SmtpException {
        long left = deadline.remainingMillis();
        if (left == 0) {
            throw deadlinePassed(what, deadline);
        }
        int read;
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.min(left, readTimeout.toMillis())));
            read = in.read(buffer, 0, buffer.length);
        } catch (SocketTimeoutException e) {
            if (deadline.passed()) {
                throw deadlinePassed(what, deadline);
            }
            throw new SmtpException(Kind.TIMEOUT, peer + " sent nothing for " + Deadline.seconds(readTimeout)
                    + " (the read timeout) while sending " + what);
        } catch (IOException e) {
            if (deadline.passed()) {
                // the watchdog closed the socket
                throw deadlinePassed(what, deadline);
            }
            throw new SmtpException(Kind.NETWORK, "the connection to " + peer + " broke while reading " + what + ": "
                    + SmtpException.reason(e), e);
        }
        if (read < 0) {
            throw new SmtpException(Kind.NETWORK, peer + " closed the connection instead of sending " + what);
        }
        position = 0;
        limit = read;
        sessionOctets += read;
        if (sessionOctets > limits.sessionOctets()) {
            throw new SmtpException(Kind.LIMIT, peer + " sent more than " + limits.sessionOctets()
                    + " octets in one session (the session limit), the last while sending " + what);
        }
    }

    private SmtpException deadlinePassed(String what, Deadline deadline) {
        return new SmtpException(Kind.DEADLINE, peer + " did not send " + what + " within " + deadline.description());
    }
}
