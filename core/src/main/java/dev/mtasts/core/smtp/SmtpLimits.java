package dev.mtasts.core.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * What an SMTP session may cost: sizes of what the server sends, and deadlines. Immutable; {@link #defaults()}
 * then {@code with...} to change one value.
 */
public final class SmtpLimits {
    /** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF; this allows slack. */
    public static final int DEFAULT_LINE_OCTETS = 2000;
    public static final int DEFAULT_REPLY_LINES = 100;
    public static final int DEFAULT_REPLY_OCTETS = 64 * 1024;
    public static final long DEFAULT_SESSION_OCTETS = 1024 * 1024;
    public static final Duration DEFAULT_SESSION_SETUP = Duration.ofMinutes(3);
    /** RFC 5321 §4.5.3.2.2-3: MAIL and RCPT replies, 5 minutes. */
    public static final Duration DEFAULT_COMMAND = Duration.ofMinutes(5);
    /** RFC 5321 §4.5.3.2.6: the reply to the final dot, 10 minutes. */
    public static final Duration DEFAULT_TRANSACTION = Duration.ofMinutes(10);
    public static final long DEFAULT_DATA_RATE_MIN = 10 * 1024;

    private final int lineOctets;
    private final int replyLines;
    private final int replyOctets;
    private final long sessionOctets;
    private final Duration sessionSetup;
    private final Duration command;
    private final Duration transaction;
    private final long dataRateMin;

    private SmtpLimits(int lineOctets, int replyLines, int replyOctets, long sessionOctets, Duration sessionSetup,
            Duration command, Duration transaction, long dataRateMin) {
        this.lineOctets = atLeast(lineOctets, 512, "lineOctets");
        this.replyLines = atLeast(replyLines, 1, "replyLines");
        this.replyOctets = atLeast(replyOctets, lineOctets, "replyOctets");
        if (sessionOctets < replyOctets) {
            throw new IllegalArgumentException("sessionOctets must be at least replyOctets: " + sessionOctets);
        }
        this.sessionOctets = sessionOctets;
        this.sessionSetup = positive(sessionSetup, "sessionSetup");
        this.command = positive(command, "command");
        this.transaction = positive(transaction, "transaction");
        if (dataRateMin < 1) {
            throw new IllegalArgumentException("dataRateMin must be at least 1 octet a second: " + dataRateMin);
        }
        this.dataRateMin = dataRateMin;
    }

    public static SmtpLimits defaults() {
        return new SmtpLimits(DEFAULT_LINE_OCTETS, DEFAULT_REPLY_LINES, DEFAULT_REPLY_OCTETS, DEFAULT_SESSION_OCTETS,
                DEFAULT_SESSION_SETUP, DEFAULT_COMMAND, DEFAULT_TRANSACTION, DEFAULT_DATA_RATE_MIN);
    }

    private static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return value;
    }

    private static Duration positive(Duration value, String name) {
        if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be more than zero: " + value);
        }
        return value;
    }

    /** Most octets in one reply line, CRLF included. */
    public int lineOctets() {
        return lineOctets;
    }

    /** Most lines in one (multi-line) reply. */
    public int replyLines() {
        return replyLines;
    }

    /** Most octets in one reply, all lines. */
    public int replyOctets() {
        return replyOctets;
    }

    /** Most octets the server may send in one session (after TLS: plaintext octets). */
    public long sessionOctets() {
        return sessionOctets;
    }

    /** Connect, greeting, EHLO, STARTTLS, TLS handshake and the second EHLO together. */
    public Duration sessionSetup() {
        return sessionSetup;
    }

    /** One command and its reply. */
    public Duration command() {
        return command;
    }

    /** The base of the transaction deadline (MAIL FROM to the reply to the final dot). */
    public Duration transaction() {
        return transaction;
    }

    /** The slowest transfer rate, octets a second, the transaction deadline allows for on top of its base. */
    public long dataRateMin() {
        return dataRateMin;
    }

    /** The transaction deadline for a message of {@code octets}: base + octets / minimum rate. */
    public Duration transactionFor(long octets) {
        return transaction.plusMillis(Math.max(0, octets) * 1000 / dataRateMin);
    }

    public SmtpLimits withReplyLimits(int lineOctets, int replyLines, int replyOctets, long sessionOctets) {
        return new SmtpLimits(lineOctets, replyLines, replyOctets, sessionOctets, sessionSetup, command, transaction,
                dataRateMin);
    }

    public SmtpLimits withSessionSetup(Duration value) {
        return new SmtpLimits(lineOctets, replyLines, replyOctets, sessionOctets, value, command, transaction,
                dataRateMin);
    }

    public SmtpLimits withCommand(Duration value) {
        return new SmtpLimits(lineOctets, replyLines, replyOctets, sessionOctets, sessionSetup, value, transaction,
                dataRateMin);
    }

    public SmtpLimits withTransaction(Duration base, long octetsPerSecondMin) {
        return new SmtpLimits(lineOctets, replyLines, replyOctets, sessionOctets, sessionSetup, command, base,
                octetsPerSecondMin);
    }

    @Override
    public String toString() {
        return "line " + lineOctets + " octets, reply " + replyLines + " lines/" + replyOctets + " octets, session "
                + sessionOctets + " octets; set-up " + sessionSetup + ", command " + command + ", transaction "
                + transaction + " + size / " + dataRateMin + " octets/s";
    }
}
