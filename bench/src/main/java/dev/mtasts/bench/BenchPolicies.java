package dev.mtasts.bench;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyStore;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.fetch.FetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/** Test doubles and sample data for the benchmarks: every domain publishes id "bench1" and one enforce policy. */
public final class BenchPolicies {
    private BenchPolicies() {
    }

    /** A realistic policy of {@code domain}: enforce, two mx patterns, one week. */
    public static StsPolicy policyOf(DomainName domain) {
        String name = domain.asciiName();
        List<String> lines = List.of("version: STSv1", "mode: enforce", "mx: mx1." + name, "mx: *.mail." + name,
                "max_age: 604800");
        return new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse("mx1." + name).value(),
                MxPattern.parse("*.mail." + name).value()), 604800, lines);
    }

    public static CachedPolicy cachedPolicyOf(DomainName domain, Instant fetchedAt) {
        return new CachedPolicy(domain, "bench1", policyOf(domain), fetchedAt);
    }

    public static DomainName domain(int i) {
        return DomainName.of("d" + i + ".bench-example.com");
    }

    /** Answers every TXT query with {@code v=STSv1; id=bench1;} (TTL one day). */
    public static final class StaticDns implements DnsResolver {
        @Override
        public DnsAnswer<String> txt(DomainName name) {
            return DnsAnswer.found(List.of("v=STSv1; id=bench1;"), 86400, List.of());
        }

        @Override
        public DnsAnswer<MxHost> mx(DomainName name) {
            return DnsAnswer.failed("not used");
        }

        @Override
        public DnsAnswer<InetAddress> addresses(DomainName name) {
            return DnsAnswer.failed("not used");
        }
    }

    /** Serves {@link #policyOf} for every domain. */
    public static final class StaticFetcher implements PolicyFetcher {
        @Override
        public FetchResult fetch(DomainName policyDomain) {
            return FetchResult.success(policyOf(policyDomain));
        }
    }

    /** Keeps policies in a list; for measuring the service without a disk. */
    static final class InMemoryStore implements PolicyStore {
        private final List<CachedPolicy> policies = new CopyOnWriteArrayList<>();

        InMemoryStore() {
        }

        InMemoryStore(List<CachedPolicy> initial) {
            policies.addAll(initial);
        }

        @Override
        public List<CachedPolicy> loadAll() {
            return new ArrayList<>(policies);
        }

        @Override
        public void save(CachedPolicy policy) {
            policies.removeIf(p -> p.domain().equals(policy.domain()));
            policies.add(policy);
        }

        @Override
        public void delete(DomainName domain) {
            policies.removeIf(p -> p.domain().equals(domain));
        }
    }
}
