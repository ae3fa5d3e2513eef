package dev.mtasts.core.cache;

import static dev.mtasts.core.cache.FilePolicyStoreTest.plain;
import static dev.mtasts.core.cache.FilePolicyStoreTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.testkit.io.Stderr;
import dev.mtasts.core.DomainName;

/** The snapshot and journal behind the per-domain files: what a start reads, and when it reads the files instead. */
class FilePolicyStoreSnapshotTest {
    @TempDir
    Path dir;

    private FilePolicyStore storeWithSnapshotOf(String... domains) {
        FilePolicyStore store = new FilePolicyStore(dir);
        for (String domain : domains) {
            store.save(plain(domain));
        }
        // The first start has no snapshot: it reads the files and writes one.
        assertThat(store.loadAll()).hasSize(domains.length);
        assertThat(dir.resolve("snapshot")).exists();
        return store;
    }

    private List<String> domainsLoadedByANewStore() {
        return new FilePolicyStore(dir).loadAll().stream().map(p -> p.domain().asciiName()).sorted()
                .collect(Collectors.toList());
    }

    /** Replaces a file's bytes in place: no rename, so the directory does not change. */
    private static void overwriteInPlace(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of("truncated", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length - 7)),
                Arguments.of("one bit flipped in a record", (UnaryOperator<byte[]>) b -> {
                    byte[] copy = b.clone();
                    copy[copy.length - 20] ^= 1;
                    return copy;
                }),
                Arguments.of("a future format version", (UnaryOperator<byte[]>) b -> {
                    byte[] copy = b.clone();
                    copy[11] = 9;
                    return copy;
                }),
                Arguments.of("not a snapshot at all", (UnaryOperator<byte[]>) b -> "hello".getBytes(
                        StandardCharsets.US_ASCII)),
                Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0]));
    }

    @Nested
    class Start {
        @Test
        void shouldLoadFromTheSnapshotAloneWhenNothingChangedTheDirectory() throws IOException {
            storeWithSnapshotOf("a.example", "b.example");
            // Proof that the files are not read: an entry's content replaced in place is not seen.
            overwriteInPlace(dir.resolve("p=a.example"), "garbage".getBytes(StandardCharsets.US_ASCII));

            List<CachedPolicy> loaded = new FilePolicyStore(dir).loadAll();

            assertThat(loaded).containsExactlyInAnyOrder(plain("a.example"), plain("b.example"));
        }

        @Test
        void shouldReplayTheSavesAndDeletesOfTheJournal() {
            FilePolicyStore store = storeWithSnapshotOf("a.example", "b.example");
            CachedPolicy changed = policy("b.example", "version: STSv1", "mode: enforce", "mx: new.b.example");
            store.save(changed);
            store.save(plain("c.example"));
            store.delete(DomainName.of("a.example"));

            List<CachedPolicy> loaded = new FilePolicyStore(dir).loadAll();

            assertThat(loaded).containsExactlyInAnyOrder(changed, plain("c.example"));
        }

        @Test
        void shouldHonourAnEntryFileRemovedByHand() throws IOException {
            storeWithSnapshotOf("a.example", "b.example", "c.example");

            Files.delete(dir.resolve("p=b.example"));

            assertThat(domainsLoadedByANewStore()).containsExactly("a.example", "c.example");
            // The new snapshot has it too: a second start agrees.
            assertThat(domainsLoadedByANewStore()).containsExactly("a.example", "c.example");
        }

        @Test
        void shouldReadAnEntryFileCopiedInByHand() throws IOException {
            storeWithSnapshotOf("a.example");
            FilePolicyStore other = new FilePolicyStore(dir.resolve("other"));
            other.save(plain("z.example"));

            Files.copy(dir.resolve("other").resolve("p=z.example"), dir.resolve("p=z.example"));

            assertThat(domainsLoadedByANewStore()).containsExactly("a.example", "z.example");
        }

        @Test
        void shouldReadEveryFileWhenTheJournalIsGone() throws IOException {
            FilePolicyStore store = storeWithSnapshotOf("a.example");
            store.save(plain("b.example"));

            Files.delete(dir.resolve("journal"));

            assertThat(domainsLoadedByANewStore()).containsExactly("a.example", "b.example");
        }

        @Test
        void shouldStartAFreshJournalAfterACompaction() {
            storeWithSnapshotOf("a.example");
            FilePolicyStore store = new FilePolicyStore(dir, 10);
            store.loadAll();
            store.maybeWriteSnapshot(() -> {
                throw new AssertionError("not due before the journal holds more than 10 changes");
            });
            for (int i = 0; i < 11; i++) {
                store.save(plain("d" + (i % 3) + ".example"));
            }
            List<CachedPolicy> current = List.of(plain("a.example"), plain("d0.example"), plain("d1.example"),
                    plain("d2.example"));
            long journalBefore = dir.resolve("journal").toFile().length();

            store.maybeWriteSnapshot(() -> current);

            assertThat(dir.resolve("journal").toFile().length()).isLessThan(journalBefore / 5);
            assertThat(new FilePolicyStore(dir).loadAll()).containsExactlyInAnyOrderElementsOf(current);
        }
    }

    @Nested
    class Damage {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mtasts.core.cache.FilePolicyStoreSnapshotTest#damages")
        void shouldFallBackToTheFilesWithAWarningWhenTheSnapshotIsDamaged(String reason, UnaryOperator<byte[]> damage)
                throws IOException {
            storeWithSnapshotOf("a.example", "b.example");
            Path snapshot = dir.resolve("snapshot");
            overwriteInPlace(snapshot, damage.apply(Files.readAllBytes(snapshot)));

            String log = Stderr.of(() -> assertThat(domainsLoadedByANewStore()).containsExactly("a.example",
                    "b.example"));

            assertThat(log).contains("WARN").contains("snapshot").contains("unusable");
            // Rebuilt: the next start reads the snapshot again, quietly.
            assertThat(Stderr.of(() -> assertThat(domainsLoadedByANewStore()).hasSize(2))).doesNotContain("WARN");
        }

        @Test
        void shouldIgnoreATornJournalTail() throws IOException {
            FilePolicyStore store = storeWithSnapshotOf("a.example");
            store.save(plain("b.example"));
            Path journal = dir.resolve("journal");
            byte[] whole = Files.readAllBytes(journal);
            store.save(plain("c.example"));
            byte[] withC = Files.readAllBytes(journal);
            // A crash in the middle of appending c's record: only part of it reached the disk.
            overwriteInPlace(journal, Arrays.copyOf(withC, whole.length + (withC.length - whole.length) / 2));

            // c's file was written before its journal record: the directory shows it, so it is read.
            assertThat(domainsLoadedByANewStore()).containsExactly("a.example", "b.example", "c.example");
        }
    }
}
