package dev.mtasts.core.tlsrpt.send;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;

/** A resolver answering TXT questions from a map: NO_RECORD for unknown names, FAILED for names marked so. */
public final class MapDnsResolver implements DnsResolver {
    private final Map<DomainName, List<String>> txt = new HashMap<>();
    private final Set<DomainName> failing = new HashSet<>();
    private final Map<DomainName, List<InetAddress>> addresses = new HashMap<>();

    /** {@code name} has the addresses {@code ips} (IP literals). */
    public synchronized MapDnsResolver address(String name, String... ips) {
        List<InetAddress> list = new java.util.ArrayList<>();
        for (String ip : ips) {
            list.add(IpNetwork.literal(ip).orElseThrow());
        }
        addresses.put(DomainName.of(name), List.copyOf(list));
        return this;
    }

    public synchronized MapDnsResolver txt(String name, String... records) {
        txt.put(DomainName.of(name), List.of(records));
        return this;
    }

    public synchronized MapDnsResolver failing(String name) {
        failing.add(DomainName.of(name));
        return this;
    }

    public synchronized MapDnsResolver answering(String name) {
        failing.remove(DomainName.of(name));
        return this;
    }

    @Override
    public synchronized DnsAnswer<String> txt(DomainName name) {
        if (failing.contains(name)) {
            return DnsAnswer.failed("SERVFAIL from the test resolver");
        }
        List<String> records = txt.get(name);
        return records == null ? DnsAnswer.nxDomain("NXDOMAIN", 300, List.of()) : DnsAnswer.found(records, 300, List.of());
    }

    @Override
    public DnsAnswer<MxHost> mx(DomainName name) {
        return DnsAnswer.noRecord("NODATA", 300, List.of());
    }

    @Override
    public synchronized DnsAnswer<InetAddress> addresses(DomainName name) {
        List<InetAddress> found = addresses.get(name);
        return found == null ? DnsAnswer.noRecord("NODATA", 300, List.of()) : DnsAnswer.found(found, 300, List.of());
    }
}
