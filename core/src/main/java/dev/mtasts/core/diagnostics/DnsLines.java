package dev.mtasts.core.diagnostics;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

import dev.mtasts.core.DomainName;

/** Detail lines about DNS answers. Stateless. */
final class DnsLines {
    private DnsLines() {
    }

    /** "a.example -> b.example -> c.example". */
    static String chain(DomainName start, List<DomainName> chain) {
        StringBuilder out = new StringBuilder(start.asciiName());
        for (DomainName name : chain) {
            out.append(" -> ").append(name.asciiName());
        }
        return out.toString();
    }

    /** "192.0.2.1, 2001:db8::1". */
    static String addresses(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
    }
}
