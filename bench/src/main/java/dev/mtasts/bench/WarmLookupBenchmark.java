package dev.mtasts.bench;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;

/**
 * {@link PolicyService#lookup} of domains whose policy is cached and whose TXT answer is fresh: the hot path of
 * every outgoing mail. Target: at most 1 µs per lookup. {@code domains} cached policies, looked up round robin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class WarmLookupBenchmark {
    @Param({"1", "10000"})
    int domains;

    private PolicyService service;
    private DomainName[] names;

    @Setup(Level.Trial)
    public void setUp() {
        service = new PolicyService(Clock.systemUTC(), new BenchPolicies.StaticDns(),
                new BenchPolicies.StaticFetcher(), new BenchPolicies.InMemoryStore(), PolicyEventListener.NONE,
                PolicyServiceSettings.builder().maxTxtTtl(java.time.Duration.ofDays(1)).build());
        names = new DomainName[domains];
        for (int i = 0; i < domains; i++) {
            names[i] = BenchPolicies.domain(i);
            if (!service.lookup(names[i]).hasPolicy()) {
                throw new IllegalStateException("warm-up lookup found no policy for " + names[i]);
            }
        }
    }

    /** Per-thread round-robin position. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public PolicyLookup warmLookup(Cursor cursor) {
        DomainName name = names[cursor.next];
        cursor.next = cursor.next + 1 == names.length ? 0 : cursor.next + 1;
        return service.lookup(name);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }
}
