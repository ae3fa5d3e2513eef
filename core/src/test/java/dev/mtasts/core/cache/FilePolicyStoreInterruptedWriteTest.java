package dev.mtasts.core.cache;

import static dev.mtasts.core.cache.FilePolicyStoreTest.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.DomainName;

/**
 * The states a process stopped between a journal record and its per-domain file leaves behind, built by hand,
 * with the directory's and the journal's modification times made equal (as a coarse file-system clock can make
 * them), so the timestamp check sees nothing: the next start must load exactly the per-domain files.
 */
class FilePolicyStoreInterruptedWriteTest {
    @TempDir
    Path dir;

    private FilePolicyStore store;

    /** A snapshot of a, b, c (id 1), then a saved again (id 2): the journal names a. */
    @BeforeEach
    void snapshotOfThreeAndOneJournaledSave() {
        store = new FilePolicyStore(dir);
        store.save(withId("a.example", "1"));
        store.save(withId("b.example", "1"));
        store.save(withId("c.example", "1"));
        assertThat(store.loadAll()).hasSize(3);
        store.save(withId("a.example", "2"));
        assertThat(journaledDomains()).containsExactly("a.example");
    }

    private static CachedPolicy withId(String domain, String id) {
        CachedPolicy plain = plain(domain);
        return new CachedPolicy(plain.domain(), id, plain.policy(), plain.fetchedAt());
    }

    private List<String> journaledDomains() {
        return PolicyJournal.read(dir.resolve("journal")).value().changes.stream()
                .map(change -> change.domain.asciiName()).collect(Collectors.toList());
    }

    /** What a kill leaves when it lands within one tick of the file system's clock. */
    private void sameTimes() throws IOException {
        FileTime time = Files.getLastModifiedTime(dir);
        Files.setLastModifiedTime(dir, time);
        Files.setLastModifiedTime(dir.resolve("journal"), time);
    }

    private List<CachedPolicy> inFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("p=") && Files.isRegularFile(p)).map(p -> {
                try {
                    return PolicyFileFormat.decode(Files.readAllBytes(p)).value();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }
    }

    private List<CachedPolicy> loadedByANewStore() throws IOException {
        sameTimes();
        List<CachedPolicy> loaded = new FilePolicyStore(dir).loadAll();
        assertThat(loaded).containsExactlyInAnyOrderElementsOf(inFiles());
        return loaded;
    }

    @Test
    void shouldTakeTheFileWhenItWasRenamedInPlaceButItsJournalRecordIsMissing() throws IOException {
        // The failure seen with the old order (file first, then journal): journal says id 2, the file holds id 3.
        new DomainFiles(dir).write(withId("a.example", "3"));

        assertThat(loadedByANewStore()).contains(withId("a.example", "3")).doesNotContain(withId("a.example", "2"));
    }

    @Test
    void shouldKeepTheOldFileWhenTheJournalRecordWasWrittenButTheFileWasNot() throws IOException {
        PolicyJournal.appendSaved(dir.resolve("journal"), withId("b.example", "2"));

        assertThat(loadedByANewStore()).contains(withId("b.example", "1")).doesNotContain(withId("b.example", "2"));
    }

    @Test
    void shouldLoadNothingForANewDomainWhoseFileWasNeverWritten() throws IOException {
        PolicyJournal.appendSaved(dir.resolve("journal"), withId("d.example", "1"));

        assertThat(loadedByANewStore()).extracting(p -> p.domain().asciiName())
                .containsExactlyInAnyOrder("a.example", "b.example", "c.example");
    }

    @Test
    void shouldKeepTheEntryWhenTheDeleteWasJournaledButTheFileNotRemoved() throws IOException {
        PolicyJournal.appendDeleted(dir.resolve("journal"), DomainName.of("c.example"));

        assertThat(loadedByANewStore()).contains(withId("c.example", "1"));
    }

    @Test
    void shouldRemoveAnUnfinishedTemporaryFile() throws IOException {
        PolicyJournal.appendSaved(dir.resolve("journal"), withId("b.example", "2"));
        Files.write(dir.resolve(".tmp-entry"), new byte[] {'M', 'S'});

        assertThat(loadedByANewStore()).hasSize(3);
        assertThat(dir.resolve(".tmp-entry")).doesNotExist();
    }

    @Test
    void shouldJournalASaveBeforeWritingItsFile() throws IOException {
        // The entry cannot be renamed into place (a directory with content holds its name): the save fails after
        // its journal record is on disk; the start believes the file, not the record.
        Files.createDirectories(dir.resolve("p=e.example").resolve("x"));

        assertThatThrownBy(() -> store.save(withId("e.example", "1"))).isInstanceOf(StoreException.class);
        assertThat(journaledDomains()).containsExactly("a.example", "e.example");
        assertThat(loadedByANewStore()).extracting(p -> p.domain().asciiName())
                .containsExactlyInAnyOrder("a.example", "b.example", "c.example");
    }

    @Test
    void shouldRemoveTheSnapshotWhenAChangeCannotBeJournaled() throws IOException {
        Path journal = dir.resolve("journal");
        Files.delete(journal);
        Files.createDirectory(journal);

        store.save(withId("b.example", "2"));

        assertThat(dir.resolve("snapshot")).doesNotExist();
        Files.delete(journal);
        assertThat(new FilePolicyStore(dir).loadAll()).containsExactlyInAnyOrderElementsOf(inFiles())
                .contains(withId("b.example", "2"));
    }
}
