package dev.mtasts.core.delivery;

import java.util.Objects;

/** The protocol and cipher suite of an established TLS session, e.g. {@code TLSv1.3}. Immutable. */
public final class TlsDetails {
    private final String protocol;
    private final String cipherSuite;
    private final boolean validated;

    public TlsDetails(String protocol, String cipherSuite, boolean validated) {
        this.protocol = Objects.requireNonNull(protocol);
        this.cipherSuite = Objects.requireNonNull(cipherSuite);
        this.validated = validated;
    }

    public String protocol() {
        return protocol;
    }

    public String cipherSuite() {
        return cipherSuite;
    }

    /** True when the certificate was PKIX-valid for the MX name (RFC 8461 §4.2). */
    public boolean validated() {
        return validated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsDetails && ((TlsDetails) o).protocol.equals(protocol)
                && ((TlsDetails) o).cipherSuite.equals(cipherSuite) && ((TlsDetails) o).validated == validated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, cipherSuite, validated);
    }

    @Override
    public String toString() {
        return protocol + " " + cipherSuite + (validated ? " (validated)" : " (not validated)");
    }
}
