package dev.mtasts.james;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of one entry of {@code dns.servers}: an IP address literal with an optional port,
 * {@code 192.0.2.1}, {@code 192.0.2.1:5353}, {@code [2001:db8::1]} or {@code [2001:db8::1]:5353}; the port
 * defaults to 53. Host names are refused: a resolver's own name cannot be looked up without a resolver.
 *
 * <p>Stateless and thread-safe. {@link #parse} is total and never touches the network.
 */
public final class ResolverAddressText {
    static final int DEFAULT_PORT = 53;
    private static final Pattern IPV4 =
        Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})(?::([0-9]{1,5}))?");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)\\](?::([0-9]{1,5}))?");

    private ResolverAddressText() {
    }

    /** The socket address {@code text} denotes (surrounding white space ignored), or empty if none. */
    public static Optional<InetSocketAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        Matcher v4 = IPV4.matcher(trimmed);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) octet;
            }
            return withPort(address(null, bytes), v4.group(5));
        }
        Matcher v6 = IPV6.matcher(trimmed);
        if (v6.matches() && v6.group(1).contains(":")) {
            return withPort(address(v6.group(1), null), v6.group(2));
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> address(String ipv6Literal, byte[] ipv4) {
        try {
            // A literal containing ':' is parsed as IPv6 by the JDK without any lookup.
            return Optional.of(ipv4 != null ? InetAddress.getByAddress(ipv4) : InetAddress.getByName(ipv6Literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetSocketAddress> withPort(Optional<InetAddress> address, String portText) {
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int port = portText == null ? DEFAULT_PORT : Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        return Optional.of(new InetSocketAddress(address.get(), port));
    }
}
