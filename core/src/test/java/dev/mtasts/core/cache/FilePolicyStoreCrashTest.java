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

/** A writer killed with SIGKILL in the middle of its saves leaves only whole entries behind. */
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
}
