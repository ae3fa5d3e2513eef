package dev.mtasts.core.smtp;

import dev.mtasts.core.RemoteText;

/**
 * Why an SMTP session could not go on. The message is one sentence for a person, naming the host and, for a
 * limit or a deadline, its figure. The session is unusable afterwards. Not a reply with an error code: those
 * are {@link SmtpReply} values.
 */
public final class SmtpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of trouble ended the session. */
    public enum Kind {
        /** The TCP connection could not be made. */
        CONNECT,
        /** The server sent more than a limit of {@link SmtpLimits} allows. */
        LIMIT,
        /** A deadline passed. */
        DEADLINE,
        /** Nothing arrived within the read timeout. */
        TIMEOUT,
        /** The server closed the connection, or it broke. */
        NETWORK,
        /** The server sent something that is not SMTP, or plaintext after agreeing to STARTTLS. */
        PROTOCOL,
        /** The TLS handshake failed. */
        HANDSHAKE,
        /** A transaction command was about to go out on a session without validated TLS (RFC 8461 §5). */
        NOT_SECURE
    }

    private final Kind kind;

    public SmtpException(Kind kind, String sentence) {
        this(kind, sentence, null);
    }

    public SmtpException(Kind kind, String sentence, Throwable cause) {
        super(RemoteText.clean(sentence, 1024), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The first line of a JDK exception's message (or its class name): for "could not ... : cause" sentences. */
    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.trim();
    }
}
