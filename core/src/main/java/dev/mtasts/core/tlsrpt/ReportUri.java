package dev.mtasts.core.tlsrpt;

import java.util.List;
import java.util.Objects;

/**
 * One destination from a TLS-RPT record's {@code rua} field (RFC 8460 §3): a {@code mailto:} URI with its
 * decoded mailboxes, or an {@code https:} URI. Immutable.
 */
public final class ReportUri {
    /** The two schemes RFC 8460 §3 defines. */
    public enum Scheme {
        MAILTO, HTTPS
    }

    private final Scheme scheme;
    private final String uri;
    private final List<String> mailboxes;

    private ReportUri(Scheme scheme, String uri, List<String> mailboxes) {
        this.scheme = Objects.requireNonNull(scheme);
        this.uri = Objects.requireNonNull(uri);
        this.mailboxes = List.copyOf(mailboxes);
    }

    /** A {@code mailto:} destination; {@code mailboxes} are the decoded addr-specs it names (at least one). */
    public static ReportUri mailto(String uri, List<String> mailboxes) {
        if (mailboxes.isEmpty()) {
            throw new IllegalArgumentException("a mailto URI names at least one mailbox");
        }
        return new ReportUri(Scheme.MAILTO, uri, mailboxes);
    }

    /** An {@code https:} destination, the URI exactly as published. */
    public static ReportUri https(String uri) {
        return new ReportUri(Scheme.HTTPS, uri, List.of());
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The URI as published in the record. */
    public String uri() {
        return uri;
    }

    /** For {@code mailto:}, the addresses to send to; empty for {@code https:}. */
    public List<String> mailboxes() {
        return mailboxes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportUri && ((ReportUri) o).uri.equals(uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public String toString() {
        return uri;
    }
}
