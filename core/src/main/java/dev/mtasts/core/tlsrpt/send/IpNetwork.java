package dev.mtasts.core.tlsrpt.send;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.Parsed;

/**
 * An IP network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, or one address without a prefix
 * length). {@link #parse} is total and never looks anything up in DNS: only IP literals are accepted.
 * Immutable.
 */
public final class IpNetwork {
    private final byte[] prefix;
    private final int bits;
    private final String text;

    private IpNetwork(byte[] prefix, int bits, String text) {
        this.prefix = prefix;
        this.bits = bits;
        this.text = text;
    }

    /** Parses {@code address/bits} or a bare address; the invalid result says why. */
    public static Parsed<IpNetwork> parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        Optional<InetAddress> literal = literal(address);
        if (literal.isEmpty()) {
            return Parsed.invalid(0, "'" + trimmed + "' is not an IP network: write e.g. 10.0.0.0/8 or fd00::/8");
        }
        byte[] bytes = literal.get().getAddress();
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                return Parsed.invalid(0, "'" + trimmed + "': the prefix length must be 0 to " + max);
            }
        }
        return Parsed.valid(new IpNetwork(bytes, bits, trimmed));
    }

    /** An IPv4 or IPv6 literal (IPv6 optionally in brackets), converted without any DNS lookup. */
    static Optional<InetAddress> literal(String text) {
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean ipv4 = value.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean ipv6 = value.indexOf(':') >= 0 && value.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value)); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** True when {@code address} is of the same family and within the network. */
    public boolean contains(InetAddress address) {
        byte[] other = address.getAddress();
        if (other.length != prefix.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (other[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (other[full] & mask) == (prefix[full] & mask);
    }

    boolean isIpv4() {
        return prefix.length == 4;
    }

    static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpNetwork && ((IpNetwork) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
