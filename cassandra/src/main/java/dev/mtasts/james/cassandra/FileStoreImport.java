package dev.mtasts.james.cassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.cache.PolicyStore;

/**
 * The move from {@code store=file} to {@code store=cassandra}, done by each node at its first start with the
 * Cassandra store: the policies cached under {@code <data.dir>/policies} are copied into the shared table
 * (where the table has none for the domain, or an older fetch), then the directory is renamed
 * {@code policies.imported-<millis>} so that a later start never imports again (an eviction made since would
 * otherwise come back). The TLS-RPT counts under {@code data.dir} need no import: the node's recorder still
 * loads them and pushes them as this node's totals; report files and their delivery status stay on the
 * node that made them, which still sends the pending ones.
 */
final class FileStoreImport {
    /** MtaStsModule's policy directory under data.dir. */
    static final String POLICY_DIRECTORY = "policies";
    private static final Logger LOG = LoggerFactory.getLogger(FileStoreImport.class);

    private FileStoreImport() {
    }

    /** Imports and renames {@code <dataDirectory>/policies} if it exists; returns how many policies were copied. */
    static int importPolicies(Path dataDirectory, PolicyStore cluster, Clock clock) {
        Path directory = dataDirectory.resolve(POLICY_DIRECTORY);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int copied = 0;
        for (CachedPolicy policy : new FilePolicyStore(directory).loadAll()) {
            if (policy.isExpiredAt(clock.instant())) {
                continue;
            }
            Optional<CachedPolicy> shared = cluster.load(policy.domain());
            if (shared.isEmpty() || shared.get().fetchedAt().isBefore(policy.fetchedAt().minusMillis(1))) {
                cluster.save(policy);
                copied++;
            }
        }
        Path done = directory.resolveSibling(POLICY_DIRECTORY + ".imported-" + clock.millis());
        try {
            Files.move(directory, done);
        } catch (IOException e) {
            throw new IllegalStateException("MTA-STS: the policies of " + directory + " were imported into Cassandra"
                    + " but the directory cannot be renamed to " + done + " (" + e + "); rename or remove it", e);
        }
        LOG.info("MTA-STS: imported {} cached policies from {} into Cassandra (the others were there already,"
                + " newer, or expired); the directory is now {}", copied, directory, done);
        return copied;
    }
}
