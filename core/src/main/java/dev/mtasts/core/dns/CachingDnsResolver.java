package dev.mtasts.core.dns;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.mtasts.core.DomainName;

/**
 * Keeps MX and address answers for their TTL (capped), as a mail server's resolver would, so that a burst
 * of mail to one domain does not ask the same questions for every message. TXT answers are never kept
 * here: the policy service decides when to look at the {@code _mta-sts} record again, and RFC 8461 §5.1
 * wants a fresh look before a message is given up. Failures (SERVFAIL, timeouts) are not kept either.
 * Thread-safe; the cache holds at most {@code maxEntries} answers and is emptied when it would grow past.
 */
public final class CachingDnsResolver implements DnsResolver {
    private final DnsResolver delegate;
    private final Clock clock;
    private final Duration maxTtl;
    private final int maxEntries;
    private final Map<DomainName, Cached<MxHost>> mx = new ConcurrentHashMap<>();
    private final Map<DomainName, Cached<InetAddress>> addresses = new ConcurrentHashMap<>();

    public CachingDnsResolver(DnsResolver delegate, Clock clock, Duration maxTtl, int maxEntries) {
        this.delegate = delegate;
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.maxEntries = maxEntries;
    }

    @Override
    public DnsAnswer<String> txt(DomainName name) {
        return delegate.txt(name);
    }

    @Override
    public DnsAnswer<MxHost> mx(DomainName name) {
        return cached(mx, name, delegate::mx);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(DomainName name) {
        return cached(addresses, name, delegate::addresses);
    }

    private <T> DnsAnswer<T> cached(Map<DomainName, Cached<T>> cache, DomainName name,
            Function<DomainName, DnsAnswer<T>> ask) {
        long now = clock.millis();
        Cached<T> entry = cache.get(name);
        if (entry != null && now < entry.expiresAtMillis) {
            return entry.answer;
        }
        DnsAnswer<T> answer = ask.apply(name);
        long ttlMillis = Math.min(answer.ttlSeconds() * 1000, maxTtl.toMillis());
        if (answer.status() != DnsAnswer.Status.FAILED && ttlMillis > 0) {
            if (cache.size() >= maxEntries) {
                cache.clear();
            }
            cache.put(name, new Cached<>(answer, now + ttlMillis));
        }
        return answer;
    }

    private static final class Cached<T> {
        final DnsAnswer<T> answer;
        final long expiresAtMillis;

        Cached(DnsAnswer<T> answer, long expiresAtMillis) {
            this.answer = answer;
            this.expiresAtMillis = expiresAtMillis;
        }
    }
}
