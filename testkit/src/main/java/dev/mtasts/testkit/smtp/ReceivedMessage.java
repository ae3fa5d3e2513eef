package dev.mtasts.testkit.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One message as a {@link TestSmtpSink} received it, with how the session that carried it was secured.
 * Immutable.
 */
public final class ReceivedMessage {
    private final String helo;
    private final String from;
    private final List<String> recipients;
    private final byte[] data;
    private final String tlsProtocol;
    private final String sniHostName;

    ReceivedMessage(String helo, String from, List<String> recipients, byte[] data, String tlsProtocol,
            String sniHostName) {
        this.helo = helo;
        this.from = from;
        this.recipients = List.copyOf(recipients);
        this.data = data.clone();
        this.tlsProtocol = tlsProtocol;
        this.sniHostName = sniHostName;
    }

    public String helo() {
        return helo;
    }

    public String from() {
        return from;
    }

    public List<String> recipients() {
        return recipients;
    }

    /** The message as received, headers and body. */
    public String content() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** True when the message travelled inside a STARTTLS session. */
    public boolean overTls() {
        return tlsProtocol != null;
    }

    /** e.g. {@code TLSv1.3}; null for plaintext. */
    public String tlsProtocol() {
        return tlsProtocol;
    }

    /** The SNI host name the client sent; null when none or plaintext. */
    public String sniHostName() {
        return sniHostName;
    }

    @Override
    public String toString() {
        return "from=" + from + " to=" + recipients + " tls=" + tlsProtocol + " sni=" + sniHostName;
    }
}
