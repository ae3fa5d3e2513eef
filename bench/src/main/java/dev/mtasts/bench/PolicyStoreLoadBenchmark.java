package dev.mtasts.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;

/**
 * Start-up with a large cache: saves N policies (default 100,000) with {@link FilePolicyStore}, then measures the
 * time to construct a {@link PolicyService} that loads them all (target under 2 s) and the heap the loaded cache
 * retains per entry (target at most 2 KB), plus the same from an in-memory store (no disk, no decoding).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.mtasts.bench.PolicyStoreLoadBenchmark [count] [directory]</pre>
 *
 * The directory defaults to a new one under /dev/shm when it exists (each save fsyncs; on a real disk writing
 * 100,000 entries takes minutes), else under the temporary directory. It is deleted afterwards.
 */
public final class PolicyStoreLoadBenchmark {
    private PolicyStoreLoadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path parent = args.length > 1 ? Paths.get(args[1])
                : Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm") : Paths.get(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(parent, "mta-sts-bench-");
        try {
            run(count, dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(int count, Path dir) {
        Clock clock = Clock.systemUTC();
        Instant fetchedAt = clock.instant();
        FilePolicyStore store = new FilePolicyStore(dir);
        List<CachedPolicy> policies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            policies.add(BenchPolicies.cachedPolicyOf(BenchPolicies.domain(i), fetchedAt));
        }
        long start = System.nanoTime();
        for (CachedPolicy policy : policies) {
            store.save(policy);
        }
        report("saved %d policies to %s in %.2f s", count, dir, seconds(start));

        for (int round = 1; round <= 3; round++) {
            long before = usedHeapAfterGc();
            start = System.nanoTime();
            long cpuStart = processCpuNanos();
            PolicyService service = newService(clock, new FilePolicyStore(dir));
            double loadSeconds = seconds(start);
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            long after = usedHeapAfterGc();
            report("round %d, file store: loaded %d policies in %.2f s wall, %.2f s process CPU (system load"
                    + " average %.1f); retained heap %.0f bytes per entry", round, service.cachedPolicies().size(),
                    loadSeconds, cpuSeconds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    (after - before) / (double) count);
            service.close();
        }

        BenchPolicies.InMemoryStore memory = new BenchPolicies.InMemoryStore(policies);
        policies = null;
        long before = usedHeapAfterGc();
        start = System.nanoTime();
        PolicyService service = newService(clock, memory);
        double loadSeconds = seconds(start);
        long after = usedHeapAfterGc();
        report("in-memory store: loaded %d policies in %.2f s; heap added by the service (policies already in"
                + " memory) %.0f bytes per entry", service.cachedPolicies().size(), loadSeconds,
                (after - before) / (double) count);
        service.close();
    }

    private static PolicyService newService(Clock clock, dev.mtasts.core.cache.PolicyStore store) {
        return new PolicyService(clock, new BenchPolicies.StaticDns(), new BenchPolicies.StaticFetcher(), store,
                PolicyEventListener.NONE, PolicyServiceSettings.defaults());
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
