package dev.mtasts.core.cache;

import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/**
 * Run in a child JVM by {@link FilePolicyStoreCrashTest}: saves the policies of 20 domains over and over and
 * offers a snapshot after every save (due after each one), as the cache does, until killed. Prints "ready" once a
 * snapshot and a journal exist.
 */
public final class SnapshotWriterProcess {
    private SnapshotWriterProcess() {
    }

    public static void main(String[] args) {
        FilePolicyStore store = new FilePolicyStore(Paths.get(args[0]), 0);
        Map<DomainName, CachedPolicy> memory = new LinkedHashMap<>();
        store.loadAll();
        for (int round = 0; ; round++) {
            for (int i = 0; i < 20; i++) {
                DomainName domain = DomainName.of("d" + i + ".example");
                List<String> lines = new ArrayList<>();
                lines.add("version: STSv1");
                lines.add("mode: enforce");
                lines.add("mx: mx." + domain + " " + "x".repeat(1000 + (round % 50) * 1000));
                CachedPolicy policy = new CachedPolicy(domain, "r" + round,
                        new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse("mx." + domain).value()), 86400,
                                lines), Instant.now());
                memory.put(domain, policy);
                store.save(policy);
                store.maybeWriteSnapshot(() -> new ArrayList<>(memory.values()));
            }
            if (round == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
