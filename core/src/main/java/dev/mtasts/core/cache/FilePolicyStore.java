package dev.mtasts.core.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * The embedded {@link PolicyStore}: one file per policy domain in one directory, plus a snapshot of them all and a
 * journal of the changes since, so that a start with a million policies is two sequential reads.
 *
 * <ul>
 *   <li>Per-domain files, the ones an operator inspects: {@code p=<domain>} in {@link PolicyFileFormat}.
 *       {@link DomainName} allows only {@code [a-z0-9._-]}, no empty label and at most 253 characters, so the
 *       name can neither leave the directory nor collide. Temporary files start with {@code .tmp-}, corrupt
 *       entries are renamed to {@code c=<domain>} and left for inspection.</li>
 *   <li>{@code snapshot} ({@link SnapshotFile}): every entry as of generation G. {@code journal}
 *       ({@link PolicyJournal}): every save and delete since, each record appended and forced to disk
 *       <em>before</em> the per-domain file is written or removed (write-ahead). A save or delete that cannot
 *       be journaled removes the snapshot first, so that the next start reads every file.</li>
 *   <li>Start ({@link #loadAll()}): the snapshot, then the journal of the same generation replayed on top, then
 *       the per-domain file of every domain the journal names is read and wins (no file: no entry). That settles
 *       a crash between a journal record and its file write without relying on timestamps (one file read per
 *       journaled domain; the journal is bounded by the snapshot threshold below).</li>
 *   <li>Changes by hand (best effort): after each change the directory and the journal get the same
 *       modification time, 1 ms before the directory's own. When the directory's time differs from the
 *       journal's at start, something other than this store added, removed or renamed a file (an operator's
 *       {@code rm p=example.com}, a copy). Then the directory is listed: an entry whose file
 *       is gone is dropped, and every file the snapshot lacks or that is newer than the snapshot is read; a new
 *       snapshot is written. File-system timestamps are coarse, so this check is not what crash safety rests on.
 *       A missing or damaged snapshot or
 *       journal (WARN with the reason) makes the store read every per-domain file and write a new snapshot.
 *       Not seen: a file's content replaced by hand in place without a rename; delete {@code snapshot} to make
 *       the next start read every file.</li>
 *   <li>Crash safety: every file is written to a temporary file, forced to disk and renamed over its target,
 *       then the directory is forced; a torn journal tail is ignored (its file write had not started). After a
 *       crash the next start loads exactly the per-domain files; a crash loses at most the write in flight.</li>
 *   <li>{@link #maybeWriteSnapshot}: when the journal holds more than a quarter of the snapshot's count (at
 *       least 1,024 records), the cache's current policies become the new snapshot and the journal restarts.</li>
 * </ul>
 *
 * Thread-safe (calls are serialised). One instance per directory; another process writing the same directory is
 * not supported. Failures to read the directory or write an entry throw {@link StoreException}.
 */
public final class FilePolicyStore implements PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(FilePolicyStore.class);
    static final String SNAPSHOT = "snapshot";
    static final String JOURNAL = "journal";
    private static final int MIN_JOURNAL_FOR_SNAPSHOT = 1024;

    private final int minJournalForSnapshot;
    private final Path directory;
    private final DomainFiles files;
    private final Path snapshot;
    private final Path journal;
    /** The generation of the snapshot on disk, 0 when none is known. */
    private long generation;
    /** True while the journal on disk belongs to the snapshot on disk: changes are appended to it. */
    private boolean journaling;
    private int journalRecords;
    private int snapshotCount;
    /** The modification time last given to the directory and the journal. */
    private FileTime lastStamp;
    /** True once this store removed the snapshot because a change could not be journaled. */
    private boolean snapshotDropped;

    /** Uses {@code directory}, creating it if needed; {@link StoreException} when that is impossible. */
    public FilePolicyStore(Path directory) {
        this(directory, MIN_JOURNAL_FOR_SNAPSHOT);
    }

    /** As {@link #FilePolicyStore(Path)}, writing a snapshot after at least {@code minJournalForSnapshot} changes. */
    FilePolicyStore(Path directory, int minJournalForSnapshot) {
        this.minJournalForSnapshot = minJournalForSnapshot;
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new StoreException("cannot create the MTA-STS policy directory " + this.directory + ": " + e, e);
        }
        this.files = new DomainFiles(this.directory);
        this.snapshot = this.directory.resolve(SNAPSHOT);
        this.journal = this.directory.resolve(JOURNAL);
        OptionalLong snapshotGeneration = SnapshotFile.generationOf(snapshot);
        this.generation = snapshotGeneration.orElse(0);
        this.journaling = snapshotGeneration.isPresent()
                && PolicyJournal.generationOf(journal).equals(snapshotGeneration);
    }

    /** The directory holding the entries. */
    public Path directory() {
        return directory;
    }

    /** The file that holds (or would hold) the entry of {@code domain}. */
    Path fileOf(DomainName domain) {
        return files.fileOf(domain);
    }

    @Override
    public synchronized List<CachedPolicy> loadAll() {
        files.removeTemps();
        if (Files.notExists(snapshot)) {
            return rebuild("there is no snapshot yet", true);
        }
        Parsed<SnapshotFile.Content> snap = SnapshotFile.read(snapshot);
        if (!snap.isValid()) {
            return rebuild("the snapshot " + snapshot + " is unusable: " + snap.describeErrors(), false);
        }
        Parsed<PolicyJournal.Content> changes = PolicyJournal.read(journal);
        if (!changes.isValid()) {
            return rebuild("the journal " + journal + " is unusable: " + changes.describeErrors(), false);
        }
        SnapshotFile.Content content = snap.value();
        PolicyJournal.Content journalContent = changes.value();
        if (journalContent.generation > content.generation) {
            return rebuild("the journal " + journal + " is newer than the snapshot", false);
        }
        generation = content.generation;
        journalContent.ignoredTail.ifPresent(tail -> LOG.info("Ignoring the end of the MTA-STS policy journal {}"
                + " (a write cut short by a crash): {}", journal, tail));
        // An older journal's changes are all in the snapshot: a crash came between the two renames.
        boolean replay = journalContent.generation == content.generation;
        List<CachedPolicy> policies = content.policies;
        boolean filesDiffered = false;
        if (!journalContent.changes.isEmpty()) {
            Map<DomainName, CachedPolicy> byDomain = new LinkedHashMap<>(policies.size() * 4 / 3 + 16);
            policies.forEach(policy -> byDomain.put(policy.domain(), policy));
            Set<DomainName> journaled = new LinkedHashSet<>();
            for (PolicyJournal.Change change : journalContent.changes) {
                journaled.add(change.domain);
                if (replay) {
                    change.saved.ifPresentOrElse(policy -> byDomain.put(change.domain, policy),
                            () -> byDomain.remove(change.domain));
                }
            }
            filesDiffered = letFilesWin(byDomain, journaled);
            policies = new ArrayList<>(byDomain.values());
        }
        if (!sameTime(directory, journal)) {
            policies = reconcile(policies);
            writeSnapshotOrWarn(policies);
        } else if (!replay || filesDiffered || journalContent.ignoredTail.isPresent() || journalContent.changes.size()
                > threshold(content.policies.size())) {
            writeSnapshotOrWarn(policies);
        } else {
            journaling = true;
            journalRecords = journalContent.changes.size();
            snapshotCount = content.policies.size();
        }
        return policies;
    }

    /**
     * The per-domain file of every journaled domain replaces what the snapshot and journal say (a journal record
     * is written before its file, so a crash between the two leaves the record without the file change). Read
     * in parallel. True when some file differed.
     */
    private boolean letFilesWin(Map<DomainName, CachedPolicy> byDomain, Set<DomainName> journaled) {
        Map<DomainName, Optional<CachedPolicy>> inFiles = journaled.parallelStream()
                .collect(Collectors.toMap(domain -> domain, domain -> files.load(domain.asciiName())));
        int differing = 0;
        for (Map.Entry<DomainName, Optional<CachedPolicy>> file : inFiles.entrySet()) {
            Optional<CachedPolicy> known = Optional.ofNullable(byDomain.get(file.getKey()));
            if (!known.equals(file.getValue())) {
                differing++;
                file.getValue().ifPresentOrElse(policy -> byDomain.put(file.getKey(), policy),
                        () -> byDomain.remove(file.getKey()));
            }
        }
        if (differing > 0) {
            LOG.info("{} MTA-STS policy files in {} differ from their last journal record (a stop between the"
                    + " journal record and the file write): the files are used", differing, directory);
        }
        return differing > 0;
    }

    /** Every per-domain file, read in parallel, then a new snapshot. */
    private List<CachedPolicy> rebuild(String why, boolean quietly) {
        if (quietly) {
            LOG.info("Reading every MTA-STS policy file in {}: {}", directory, why);
        } else {
            LOG.warn("Reading every MTA-STS policy file in {} instead of the snapshot: {}", directory, why);
        }
        List<CachedPolicy> policies = listing(false).keySet().parallelStream().map(files::load)
                .flatMap(Optional::stream).collect(Collectors.toList());
        writeSnapshotOrWarn(policies);
        return policies;
    }

    /** The directory changed outside this store: its files decide what exists. */
    private List<CachedPolicy> reconcile(List<CachedPolicy> policies) {
        FileTime snapshotTime = modified(snapshot);
        Map<String, FileTime> onDisk = listing(true);
        Map<String, CachedPolicy> byName = new LinkedHashMap<>(policies.size() * 4 / 3 + 16);
        policies.forEach(policy -> byName.put(policy.domain().asciiName(), policy));
        int removed = 0;
        int read = 0;
        for (String name : new ArrayList<>(byName.keySet())) {
            if (!onDisk.containsKey(name)) {
                byName.remove(name);
                removed++;
            }
        }
        for (Map.Entry<String, FileTime> file : onDisk.entrySet()) {
            String name = file.getKey();
            boolean unknown = !byName.containsKey(name);
            if (unknown || file.getValue().compareTo(snapshotTime) > 0) {
                read++;
                Optional<CachedPolicy> policy = files.load(name);
                if (policy.isPresent()) {
                    byName.put(name, policy.get());
                } else {
                    byName.remove(name);
                }
            }
        }
        LOG.info("The MTA-STS policy directory {} changed outside the store since its snapshot: {} entries whose"
                + " file is gone dropped, {} files read", directory, removed, read);
        return new ArrayList<>(byName.values());
    }

    @Override
    public synchronized void save(CachedPolicy policy) {
        writeAhead(() -> PolicyJournal.appendSaved(journal, policy));
        try {
            files.write(policy);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot save the MTA-STS policy of " + policy.domain() + " to "
                    + files.fileOf(policy.domain()) + ": " + e, e);
        }
        stampIfJournaling();
    }

    @Override
    public synchronized void delete(DomainName domain) {
        writeAhead(() -> PolicyJournal.appendDeleted(journal, domain));
        try {
            files.delete(domain);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot delete the MTA-STS policy file " + files.fileOf(domain) + ": " + e, e);
        }
        stampIfJournaling();
    }

    /** One append to the journal. */
    private interface Append {
        void run() throws IOException;
    }

    /**
     * Records a change in the journal, on disk, before its per-domain file is touched. When it cannot be
     * journaled, the snapshot is removed instead, so that the next start reads every file.
     */
    private void writeAhead(Append append) {
        if (journaling) {
            try {
                append.run();
                journalRecords++;
                return;
            } catch (IOException | RuntimeException e) {
                stopJournaling(e);
            }
        }
        dropSnapshot();
    }

    private void dropSnapshot() {
        if (snapshotDropped) {
            return;
        }
        try {
            if (Files.deleteIfExists(snapshot)) {
                LOG.info("Removed the MTA-STS policy snapshot {}: changes are not journaled, the next start reads"
                        + " every policy file", snapshot);
                files.forceDirectory();
            }
            snapshotDropped = true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot remove the MTA-STS policy snapshot {} ({}); the next start may miss changes made"
                    + " since, delete it by hand", snapshot, e.toString());
        }
    }

    /** The best-effort mark for changes by hand; a failure only makes the next start list the directory. */
    private void stampIfJournaling() {
        if (journaling) {
            try {
                stampJournal();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Cannot set the modification times in {}: {}", directory, e.toString());
            }
        }
    }

    @Override
    public synchronized void maybeWriteSnapshot(Supplier<Collection<CachedPolicy>> current) {
        if (journaling && journalRecords > threshold(snapshotCount)) {
            writeSnapshot(current.get());
        }
    }

    private int threshold(int snapshotCount) {
        return Math.max(minJournalForSnapshot, snapshotCount / 4);
    }

    private void writeSnapshotOrWarn(Collection<CachedPolicy> policies) {
        try {
            writeSnapshot(policies);
        } catch (StoreException e) {
            LOG.warn("{} (the next start reads every policy file)", e.getMessage());
        }
    }

    /** A new snapshot of {@code policies}, then an empty journal of its generation. */
    private void writeSnapshot(Collection<CachedPolicy> policies) {
        long next = generation + 1;
        Path snapshotTemp = files.temp("snapshot");
        Path journalTemp = files.temp("journal");
        journaling = false;
        try {
            Files.deleteIfExists(snapshotTemp);
            Files.deleteIfExists(journalTemp);
            SnapshotFile.write(snapshotTemp, next, policies);
            files.replace(snapshotTemp, snapshot);
            generation = next;
            PolicyJournal.writeEmpty(journalTemp, next);
            files.replace(journalTemp, journal);
            stampJournal();
        } catch (IOException | RuntimeException e) {
            DomainFiles.deleteQuietly(snapshotTemp);
            DomainFiles.deleteQuietly(journalTemp);
            throw new StoreException("cannot write the MTA-STS policy snapshot " + snapshot + ": " + e, e);
        }
        journaling = true;
        snapshotDropped = false;
        journalRecords = 0;
        snapshotCount = policies.size();
    }

    /**
     * Marks the journal as covering every change to the directory so far: the directory and the journal get the
     * same modification time, one millisecond before the directory's own. Any later change to the directory
     * sets its time to the present, later than that, even within the file system's timestamp granularity.
     */
    private void stampJournal() throws IOException {
        FileTime changed = Files.getLastModifiedTime(directory);
        if (changed.equals(lastStamp)) {
            return;
        }
        FileTime stamp = FileTime.from(changed.toInstant().minusMillis(1));
        Files.setLastModifiedTime(directory, stamp);
        Files.setLastModifiedTime(journal, stamp);
        lastStamp = stamp;
    }

    private void stopJournaling(Exception e) {
        journaling = false;
        LOG.warn("Cannot append to the MTA-STS policy journal {} ({}); the snapshot is removed, the next start"
                + " reads every policy file", journal, e.toString());
    }

    private Map<String, FileTime> listing(boolean withTimes) {
        try {
            return files.list(withTimes);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot read the MTA-STS policy directory " + directory + ": " + e, e);
        }
    }

    private static boolean sameTime(Path a, Path b) {
        return modified(a).equals(modified(b));
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MIN_VALUE);
        }
    }

    @Override
    public String toString() {
        return "FilePolicyStore{" + directory + "}";
    }
}
