package dev.mtasts.core.fetch;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;

/** Test resolver: addresses from a map, FAILED for names marked failing, NO_RECORD (NXDOMAIN) otherwise. */
final class MapDnsResolver implements DnsResolver {
    private final Map<DomainName, List<InetAddress>> addresses = new ConcurrentHashMap<>();
    private final Map<DomainName, String> failures = new ConcurrentHashMap<>();

    MapDnsResolver address(String name, InetAddress address) {
        addresses.put(DomainName.of(name), List.of(address));
        return this;
    }

    MapDnsResolver addresses(String name, List<InetAddress> list) {
        addresses.put(DomainName.of(name), List.copyOf(list));
        return this;
    }

    MapDnsResolver failing(String name, String detail) {
        failures.put(DomainName.of(name), detail);
        return this;
    }

    @Override
    public DnsAnswer<InetAddress> addresses(DomainName name) {
        if (failures.containsKey(name)) {
            return DnsAnswer.failed(failures.get(name));
        }
        List<InetAddress> found = addresses.get(name);
        return found == null ? DnsAnswer.noRecord("NXDOMAIN", 0, List.of()) : DnsAnswer.found(found, 300, List.of());
    }

    @Override
    public DnsAnswer<String> txt(DomainName name) {
        return DnsAnswer.failed("not used by these tests");
    }

    @Override
    public DnsAnswer<MxHost> mx(DomainName name) {
        return DnsAnswer.failed("not used by these tests");
    }
}
