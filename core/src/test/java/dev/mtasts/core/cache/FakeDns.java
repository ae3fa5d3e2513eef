package dev.mtasts.core.cache;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;

/** An in-memory TXT table that counts queries. Unknown names are NXDOMAIN. Thread-safe. */
final class FakeDns implements DnsResolver {
    private final Map<DomainName, DnsAnswer<String>> txt = new ConcurrentHashMap<>();
    private final AtomicInteger txtQueries = new AtomicInteger();
    private volatile CountDownLatch gate;
    private volatile RuntimeException thrown;

    /** Publishes {@code _mta-sts.<domain>} with one record {@code v=STSv1; id=<id>;}. */
    void publish(DomainName domain, String id, long ttlSeconds) {
        setTxt(domain, DnsAnswer.found(List.of("v=STSv1; id=" + id + ";"), ttlSeconds, List.of()));
    }

    void setTxt(DomainName domain, DnsAnswer<String> answer) {
        txt.put(DomainName.of("_mta-sts." + domain.asciiName()), answer);
    }

    void remove(DomainName domain) {
        setTxt(domain, DnsAnswer.noRecord("NXDOMAIN", 300, List.of()));
    }

    void servfail(DomainName domain) {
        setTxt(domain, DnsAnswer.failed("SERVFAIL from 127.0.0.1:53"));
    }

    /** Makes every TXT query wait until {@code latch} opens. */
    void blockOn(CountDownLatch latch) {
        this.gate = latch;
    }

    /** Breaks the resolver contract: every TXT query throws {@code exception}. */
    void throwOnTxt(RuntimeException exception) {
        this.thrown = exception;
    }

    int txtQueries() {
        return txtQueries.get();
    }

    @Override
    public DnsAnswer<String> txt(DomainName name) {
        txtQueries.incrementAndGet();
        if (thrown != null) {
            throw thrown;
        }
        CountDownLatch latch = gate;
        if (latch != null) {
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    return DnsAnswer.failed("test gate timed out");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DnsAnswer.failed("interrupted");
            }
        }
        return txt.getOrDefault(name, DnsAnswer.noRecord("NXDOMAIN", 300, List.of()));
    }

    @Override
    public DnsAnswer<MxHost> mx(DomainName name) {
        return DnsAnswer.failed("not used by these tests");
    }

    @Override
    public DnsAnswer<InetAddress> addresses(DomainName name) {
        return DnsAnswer.failed("not used by these tests");
    }
}
