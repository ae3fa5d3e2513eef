package dev.mtasts.core.cache;

import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/**
 * Run in a child JVM by {@link FilePolicyStoreCrashTest}: saves the policies of 20 domains over and over, each
 * round with longer policy lines, until killed. Prints "ready" after the first full round.
 */
public final class StoreWriterProcess {
    private StoreWriterProcess() {
    }

    public static void main(String[] args) {
        FilePolicyStore store = new FilePolicyStore(Paths.get(args[0]));
        for (int round = 0; ; round++) {
            for (int i = 0; i < 20; i++) {
                DomainName domain = DomainName.of("d" + i + ".example");
                List<String> lines = new ArrayList<>();
                lines.add("version: STSv1");
                lines.add("mode: enforce");
                lines.add("mx: mx." + domain + " " + "x".repeat(1000 + (round % 50) * 1000));
                store.save(new CachedPolicy(domain, "r" + round,
                        new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse("mx." + domain).value()), 86400,
                                lines), Instant.now()));
            }
            if (round == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
