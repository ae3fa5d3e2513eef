package dev.mtasts.testkit.dns;

import java.util.Locale;
import java.util.Objects;

import org.xbill.DNS.Type;

/**
 * One question a {@link TestDnsServer} received: the name (lower case, no trailing dot), the type and the
 * transport it came over. Immutable.
 */
public final class ReceivedQuery {
    /** How the query reached the server. */
    public enum Transport {
        UDP,
        TCP
    }

    private final String name;
    private final int type;
    private final Transport transport;

    ReceivedQuery(String name, int type, Transport transport) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.transport = Objects.requireNonNull(transport);
    }

    /** The name asked for, lower case, without the trailing dot (e.g. {@code _mta-sts.example.com}). */
    public String name() {
        return name;
    }

    /** The type asked for, as a dnsjava {@link Type} constant (e.g. {@link Type#TXT}). */
    public int type() {
        return type;
    }

    /** The type's mnemonic, e.g. "TXT". */
    public String typeName() {
        return Type.string(type);
    }

    public Transport transport() {
        return transport;
    }

    /** True when this query asked for {@code name} (any case, trailing dot optional) and {@code type}. */
    public boolean matches(String otherName, int otherType) {
        return type == otherType && name.equals(normalise(otherName));
    }

    static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") && lower.length() > 1 ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReceivedQuery)) {
            return false;
        }
        ReceivedQuery other = (ReceivedQuery) o;
        return other.name.equals(name) && other.type == type && other.transport == transport;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, transport);
    }

    @Override
    public String toString() {
        return name + "/" + typeName() + " over " + transport;
    }
}
