package dev.mtasts.core.tlsrpt.send;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an {@code https:} rua endpoint may be contacted at an address. A recipient domain chooses
 * the URI, so without this check it could make the server POST to loopback or internal HTTPS services
 * (server-side request forgery). Refused unless inside an allowed network: loopback, unspecified, private
 * (RFC 1918), shared/CGNAT (100.64.0.0/10), link-local, unique-local (fc00::/7), multicast, documentation,
 * benchmarking, reserved and other special-purpose ranges of the IANA registries (IPv4-mapped and NAT64
 * addresses are judged by the IPv4 address inside). Immutable and thread-safe.
 */
final class EndpointAddressCheck {
    private static final Map<IpNetwork, String> SPECIAL = new LinkedHashMap<>();

    static {
        special("a 'this network' address", "0.0.0.0/8");
        special("a private address (RFC 1918)", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
        special("a shared (CGNAT) address (RFC 6598)", "100.64.0.0/10");
        special("a loopback address", "127.0.0.0/8", "::1/128");
        special("a link-local address", "169.254.0.0/16", "fe80::/10");
        special("a special-purpose address (IETF protocol assignments)", "192.0.0.0/24", "2001::/23");
        special("a documentation address", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32",
                "3fff::/20");
        special("a 6to4 relay or 6to4 address", "192.88.99.0/24", "2002::/16");
        special("a benchmarking address", "198.18.0.0/15");
        special("a multicast address", "224.0.0.0/4", "ff00::/8");
        special("a reserved or broadcast address", "240.0.0.0/4");
        special("the unspecified address", "::/128");
        special("a reserved IPv6 address", "::/8", "100::/64", "64:ff9b:1::/48", "fec0::/10");
        special("a unique-local address (fc00::/7)", "fc00::/7");
    }

    private static void special(String label, String... networks) {
        for (String network : networks) {
            SPECIAL.put(IpNetwork.parse(network).value(), label);
        }
    }

    private static final IpNetwork NAT64 = IpNetwork.parse("64:ff9b::/96").value();

    private final List<IpNetwork> allowed;

    EndpointAddressCheck(List<IpNetwork> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Why {@code address} must not be contacted, or empty when it may. */
    Optional<String> refusal(InetAddress address) {
        for (IpNetwork network : allowed) {
            if (network.contains(address)) {
                return Optional.empty();
            }
        }
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return refusal(embedded.get());
        }
        for (Map.Entry<IpNetwork, String> range : SPECIAL.entrySet()) {
            if (range.getKey().contains(address)) {
                return Optional.of(range.getValue() + " (" + range.getKey() + ")");
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) IPv6 address. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        boolean mapped = Arrays.equals(Arrays.copyOf(bytes, 12),
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
        if (!mapped && !NAT64.contains(address)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
