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

import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;
import dev.mtasts.core.cache.PolicyStore;

/**
 * Start-up with a large cache (target: one million policies in under 2 s in a fresh JVM, at most 1 KB of heap
 * each). Three modes:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.mtasts.bench.PolicyStoreLoadBenchmark [count] [parent directory]
 * java -cp ... PolicyStoreLoadBenchmark generate COUNT DIR   # saves COUNT policies, first start writes the snapshot
 * java -cp ... PolicyStoreLoadBenchmark load DIR             # one start in this (fresh) JVM: time and heap per entry
 * </pre>
 *
 * The first form generates {@code count} policies (default 100,000) in a new directory under the parent
 * (default /dev/shm when it exists: each save forces its file to disk, which on a real disk takes minutes for a
 * million files), measures three starts, each in a fresh child JVM with this JVM's heap settings, and deletes the
 * directory.
 */
public final class PolicyStoreLoadBenchmark {
    private PolicyStoreLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("generate")) {
            generate(Integer.parseInt(args[1]), Paths.get(args[2]));
            return;
        }
        if (args.length >= 2 && args[0].equals("store")) {
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            List<dev.mtasts.core.cache.CachedPolicy> policies = new FilePolicyStore(Paths.get(args[1])).loadAll();
            report("store alone: read %d policies in %.2f s wall, %.2f s process CPU (%s)", policies.size(),
                    seconds(start), (processCpuNanos() - cpuStart) / 1e9, loadAverage());
            start = System.nanoTime();
            cpuStart = processCpuNanos();
            PolicyService service = newService(new BenchPolicies.InMemoryStore(policies));
            report("then a service from those policies in memory: %.2f s wall, %.2f s process CPU",
                    seconds(start), (processCpuNanos() - cpuStart) / 1e9);
            service.close();
            return;
        }
        if (args.length >= 2 && args[0].equals("load")) {
            load(Paths.get(args[1]));
            return;
        }
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path parent = args.length > 1 ? Paths.get(args[1])
                : Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm")
                        : Paths.get(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(parent, "mta-sts-bench-");
        try {
            generate(count, dir);
            for (int round = 1; round <= 3; round++) {
                System.out.print("fresh JVM " + round + ": ");
                System.out.flush();
                runChild(dir);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void generate(int count, Path dir) {
        Instant fetchedAt = Clock.systemUTC().instant();
        FilePolicyStore store = new FilePolicyStore(dir);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            store.save(BenchPolicies.cachedPolicyOf(BenchPolicies.domain(i), fetchedAt));
        }
        report("saved %d policies to %s in %.1f s", count, dir, seconds(start));
        start = System.nanoTime();
        int read = new FilePolicyStore(dir).loadAll().size();
        report("first start without a snapshot: read %d per-domain files and wrote the snapshot in %.2f s (%s)",
                read, seconds(start), loadAverage());
    }

    /** One start as James does it: a new store, a new service loading everything. */
    /**
     * One start as James makes it: no collection before the load (System.gc() would first shrink the heap to a
     * few MB, and the load would then pay for growing it again). The heap an entry retains is measured after:
     * used heap with the service, minus used heap once it is closed and dropped.
     */
    private static void load(Path dir) {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        PolicyService service = newService(new FilePolicyStore(dir));
        double loadSeconds = seconds(start);
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        int loaded = service.cachedPolicies().size();
        long with = usedHeapAfterGc();
        service.close();
        service = null;
        long without = usedHeapAfterGc();
        report("loaded %d policies in %.2f s wall, %.2f s process CPU (%s); retained heap %.0f bytes per entry",
                loaded, loadSeconds, cpuSeconds, loadAverage(), (with - without) / (double) loaded);
    }

    private static void runChild(Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PolicyStoreLoadBenchmark.class.getName());
        command.add("load");
        command.add(dir.toString());
        Process child = new ProcessBuilder(command).inheritIO().start();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("the load run failed: exit " + child.exitValue());
        }
    }

    private static PolicyService newService(PolicyStore store) {
        return new PolicyService(Clock.systemUTC(), new BenchPolicies.StaticDns(), new BenchPolicies.StaticFetcher(),
                store, PolicyEventListener.NONE, PolicyServiceSettings.defaults());
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "system load average %.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
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
