package dev.mtasts.core.dns;

import java.util.Objects;

import dev.mtasts.core.DomainName;

/** One MX record: preference and exchange host, or the RFC 7505 null MX. Immutable. */
public final class MxHost {
    private static final MxHost NULL_MX = new MxHost(0, null, true);

    private final int preference;
    private final DomainName host;
    private final boolean nullMx;

    private MxHost(int preference, DomainName host, boolean nullMx) {
        this.preference = preference;
        this.host = host;
        this.nullMx = nullMx;
    }

    public MxHost(int preference, DomainName host) {
        this(preference, Objects.requireNonNull(host), false);
    }

    /** RFC 7505: "0 ." says the domain accepts no mail. */
    public static MxHost nullMx() {
        return NULL_MX;
    }

    public boolean isNullMx() {
        return nullMx;
    }

    public int preference() {
        return preference;
    }

    /** The exchange; {@link IllegalStateException} for the null MX, which has none. */
    public DomainName host() {
        if (nullMx) {
            throw new IllegalStateException("the null MX has no host");
        }
        return host;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MxHost && ((MxHost) o).preference == preference && ((MxHost) o).nullMx == nullMx
                && Objects.equals(((MxHost) o).host, host);
    }

    @Override
    public int hashCode() {
        return Objects.hash(preference, host);
    }

    @Override
    public String toString() {
        return nullMx ? "0 . (null MX)" : preference + " " + host;
    }
}
