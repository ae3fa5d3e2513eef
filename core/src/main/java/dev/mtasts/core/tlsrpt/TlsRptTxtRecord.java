package dev.mtasts.core.tlsrpt;

import java.util.List;
import java.util.Objects;

/**
 * A valid {@code _smtp._tls} TXT record (RFC 8460 §3): the {@code rua} destinations this sender can use, the
 * URIs it skipped with the reason for each, and the record text as published. Immutable.
 */
public final class TlsRptTxtRecord {
    private final List<ReportUri> rua;
    private final List<String> skipped;
    private final String text;

    public TlsRptTxtRecord(List<ReportUri> rua, List<String> skipped, String text) {
        if (rua.isEmpty()) {
            throw new IllegalArgumentException("a valid record has at least one usable rua URI");
        }
        this.rua = List.copyOf(rua);
        this.skipped = List.copyOf(skipped);
        this.text = Objects.requireNonNull(text);
    }

    /** The usable destinations, in the order published, without duplicates. */
    public List<ReportUri> rua() {
        return rua;
    }

    /** One sentence per published URI that was not usable (unsupported scheme, bad syntax). */
    public List<String> skipped() {
        return skipped;
    }

    /** The record as published (strings already concatenated). */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsRptTxtRecord && ((TlsRptTxtRecord) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
