package dev.mtasts.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL in the middle of its saves leaves only whole entries behind; one killed while it
 * writes snapshots and journal records leaves a store whose next start loads exactly what the per-domain files
 * hold.
 */
class FilePolicyStoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void shouldLeaveOnlyWholeEntriesWhenTheWriterIsKilledMidWrite() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoreWriterProcess.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            // The writer is already in its second round: kill it without warning while a save is in flight.
            // (Probabilistic: the kill may land between two saves; it never may leave a torn entry.)
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        List<CachedPolicy> loaded = new FilePolicyStore(dir).loadAll();

        assertThat(loaded).hasSize(20);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .allMatch(name -> name.startsWith("p=") || name.equals("snapshot") || name.equals("journal"),
                            "only entries, the snapshot and the journal are left: no temporary or corrupt file");
        }
    }

    @Test
    void shouldLoadExactlyThePerDomainFilesAfterAKillDuringSnapshotWrites() throws Exception {
        for (int kill = 0; kill < 3; kill++) {
            Path store = dir.resolve("kill" + kill);
            Process writer = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SnapshotWriterProcess.class.getName(),
                    store.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("ready");
                // A different moment each time: in a snapshot, a journal append, a per-domain file write.
                Thread.sleep(kill * 150L);
                writer.destroyForcibly();
                assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }

            List<CachedPolicy> loaded = new FilePolicyStore(store).loadAll();

            List<CachedPolicy> inFiles;
            try (Stream<Path> files = Files.list(store)) {
                inFiles = files.filter(p -> p.getFileName().toString().startsWith("p=")).map(p -> {
                    try {
                        return PolicyFileFormat.decode(Files.readAllBytes(p)).value();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).collect(Collectors.toList());
            }
            assertThat(inFiles).hasSize(20);
            assertThat(loaded).as("kill %d", kill).containsExactlyInAnyOrderElementsOf(inFiles);
            try (Stream<Path> files = Files.list(store)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("kill %d", kill)
                        .noneMatch(name -> name.startsWith(".tmp-") || name.startsWith("c="));
            }
        }
    }
}
