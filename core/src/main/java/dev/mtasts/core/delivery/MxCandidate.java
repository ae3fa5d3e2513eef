package dev.mtasts.core.delivery;

import java.util.Objects;

import dev.mtasts.core.DomainName;

/** One MX host delivery may try: its name, preference, and whether it came from an MX record at all. */
public final class MxCandidate {
    private final DomainName host;
    private final int preference;
    private final boolean implicit;

    public MxCandidate(DomainName host, int preference, boolean implicit) {
        this.host = Objects.requireNonNull(host);
        this.preference = preference;
        this.implicit = implicit;
    }

    public DomainName host() {
        return host;
    }

    public int preference() {
        return preference;
    }

    /** True for RFC 5321 §5.1's implicit MX: the domain has no MX records, its own address is used. */
    public boolean isImplicit() {
        return implicit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MxCandidate && ((MxCandidate) o).host.equals(host)
                && ((MxCandidate) o).preference == preference && ((MxCandidate) o).implicit == implicit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, preference, implicit);
    }

    @Override
    public String toString() {
        return preference + " " + host + (implicit ? " (implicit MX)" : "");
    }
}
