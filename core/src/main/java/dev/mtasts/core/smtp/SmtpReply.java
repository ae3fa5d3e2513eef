package dev.mtasts.core.smtp;

import java.util.List;
import java.util.Objects;

import dev.mtasts.core.RemoteText;

/**
 * One SMTP reply (RFC 5321 §4.2): a three-digit code and the text of each line, as read within the limits of
 * {@link SmtpLimits}. The text is the server's; {@link #toString()} gives it cleaned for logs, DSNs and
 * reports. Immutable.
 */
public final class SmtpReply {
    private final int code;
    private final List<String> lines;

    SmtpReply(int code, List<String> lines) {
        this.code = code;
        this.lines = List.copyOf(lines);
        if (code < 200 || code > 599 || this.lines.isEmpty()) {
            throw new IllegalArgumentException("not a reply: " + code + " " + lines);
        }
    }

    public int code() {
        return code;
    }

    /** The text of each line after the code and its separator, raw. */
    public List<String> lines() {
        return lines;
    }

    /** RFC 5321 §4.2.1: 2yz, the command succeeded. */
    public boolean isPositive() {
        return code < 300;
    }

    /** 3yz: go on (354 to DATA). */
    public boolean isIntermediate() {
        return code >= 300 && code < 400;
    }

    /** 4yz: try again later. */
    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** 5yz: do not repeat. */
    public boolean isPermanent() {
        return code >= 500;
    }

    /**
     * {@code 550 5.1.1 no such user}: the code and the lines joined by a space, control characters escaped and
     * capped at {@link RemoteText#SENTENCE_MAX}, fit for a log line, a DSN or a report.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(code);
        for (String line : lines) {
            if (!line.isEmpty()) {
                text.append(' ').append(line);
            }
            if (text.length() > RemoteText.SENTENCE_MAX * 2) {
                break;
            }
        }
        return RemoteText.clean(text.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtpReply && ((SmtpReply) o).code == code && ((SmtpReply) o).lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, lines);
    }
}
