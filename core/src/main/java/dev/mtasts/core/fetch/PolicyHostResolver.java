package dev.mtasts.core.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;

/**
 * Lets HttpClient resolve the policy host through the project's {@link DnsResolver} (configured servers,
 * no JVM DNS cache), and remembers the answer that stopped the fetch so that it can be reported as it was:
 * no such host (NO_RECORD) is not the same failure as a DNS server that did not answer (FAILED). One per
 * fetch; thread-safe.
 */
final class PolicyHostResolver implements org.apache.hc.client5.http.DnsResolver {
    private final DnsResolver dns;
    private final AtomicReference<DnsAnswer<InetAddress>> failedAnswer = new AtomicReference<>();

    PolicyHostResolver(DnsResolver dns) {
        this.dns = Objects.requireNonNull(dns);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Parsed<DomainName> name = DomainName.parse(host);
        if (!name.isValid()) {
            throw new UnknownHostException(host + ": " + name.describeErrors());
        }
        DnsAnswer<InetAddress> answer = dns.addresses(name.value());
        if (!answer.isFound()) {
            failedAnswer.set(answer);
            throw new UnknownHostException(host + ": " + answer.detail());
        }
        return answer.records().toArray(new InetAddress[0]);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    /** The NO_RECORD or FAILED answer that made {@link #resolve(String)} throw, if any. */
    Optional<DnsAnswer<InetAddress>> failedAnswer() {
        return Optional.ofNullable(failedAnswer.get());
    }
}
