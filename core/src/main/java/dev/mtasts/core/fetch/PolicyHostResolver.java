package dev.mtasts.core.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

import dev.mtasts.core.DomainName;

/**
 * Lets HttpClient "resolve" the policy host to the one address being tried. The fetcher looks the host up
 * once through the project's resolver and then tries its addresses one by one, each with its own client
 * ({@link HttpsPolicyFetcher}), so that it, not HttpClient, decides how many addresses are tried and how much
 * of the fetch's time each may use. Any other name is refused: nothing else is ever looked up. Immutable.
 */
final class PolicyHostResolver implements org.apache.hc.client5.http.DnsResolver {
    private final DomainName host;
    private final InetAddress address;

    PolicyHostResolver(DomainName host, InetAddress address) {
        this.host = Objects.requireNonNull(host);
        this.address = Objects.requireNonNull(address);
    }

    @Override
    public InetAddress[] resolve(String name) throws UnknownHostException {
        if (!host.asciiName().equalsIgnoreCase(name)) {
            throw new UnknownHostException(name + " is not the policy host " + host.asciiName());
        }
        return new InetAddress[] {address};
    }

    @Override
    public String resolveCanonicalHostname(String name) {
        return name;
    }
}
