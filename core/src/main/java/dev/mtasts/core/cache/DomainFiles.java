package dev.mtasts.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * The per-domain files of a {@link FilePolicyStore}: {@code p=<domain>} in {@link PolicyFileFormat}, written
 * through a {@code .tmp-} file that is forced to disk and renamed over the entry, corrupt entries renamed to
 * {@code c=<domain>}. Not thread-safe: the store serialises calls.
 */
final class DomainFiles {
    private static final Logger LOG = LoggerFactory.getLogger(DomainFiles.class);
    static final String ENTRY_PREFIX = "p=";
    static final String CORRUPT_PREFIX = "c=";
    static final String TEMP_PREFIX = ".tmp-";
    private static final String[] TEMPS = {"entry", "snapshot", "journal"};

    private final Path directory;

    DomainFiles(Path directory) {
        this.directory = directory;
    }

    Path fileOf(DomainName domain) {
        String name = domain.asciiName();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // DomainName guarantees this; checked again because a file name is a security boundary.
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
                throw new IllegalArgumentException("unexpected character in domain name " + name);
            }
        }
        return directory.resolve(ENTRY_PREFIX + name);
    }

    /**
     * The temporary file for {@code purpose} ("entry", "snapshot", "journal"; never an entry name). One fixed name
     * per purpose: the store serialises its writes, and a start removes what a crash left ({@link #removeTemps}).
     */
    Path temp(String purpose) {
        return directory.resolve(TEMP_PREFIX + purpose);
    }

    /** Removes the temporary files a crash left behind (their targets are intact): three unlinks, no listing. */
    void removeTemps() {
        for (String purpose : TEMPS) {
            Path file = temp(purpose);
            try {
                if (Files.deleteIfExists(file)) {
                    LOG.info("Deleted the unfinished MTA-STS policy write {}", file);
                }
            } catch (IOException e) {
                LOG.debug("Cannot delete {}: {}", file, e.toString());
            }
        }
    }

    /**
     * Every entry file by domain name with its modification time; deletes leftover temporary files (a write that
     * never reached its rename: the file it was replacing is intact).
     */
    Map<String, FileTime> list(boolean withTimes) throws IOException {
        Map<String, FileTime> entries = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    LOG.info("Deleting the unfinished MTA-STS policy write {}", file);
                    Files.deleteIfExists(file);
                } else if (name.startsWith(ENTRY_PREFIX)) {
                    entries.put(name.substring(ENTRY_PREFIX.length()),
                            withTimes ? Files.getLastModifiedTime(file) : null);
                }
            }
        }
        return entries;
    }

    /**
     * The entry of the file named for {@code domainInName}; empty when there is no such file; a corrupt one is
     * logged, moved aside and skipped.
     */
    Optional<CachedPolicy> load(String domainInName) {
        Path file = directory.resolve(ENTRY_PREFIX + domainInName);
        Parsed<CachedPolicy> parsed;
        try {
            parsed = PolicyFileFormat.decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                // Not ours (we never create directories); stat only on this rare path, not for every file.
                return Optional.empty();
            }
            parsed = Parsed.invalid(0, "it cannot be read: " + e);
        }
        if (parsed.isValid() && !parsed.value().domain().asciiName().equals(domainInName)) {
            parsed = Parsed.invalid(0, "it holds the policy of " + parsed.value().domain() + ", not of " + domainInName);
        }
        if (parsed.isValid()) {
            return Optional.of(parsed.value());
        }
        Path aside = directory.resolve(CORRUPT_PREFIX + domainInName);
        LOG.warn("Skipping the MTA-STS policy file {}: {}; moved to {} (the policy will be fetched again)", file,
                parsed.describeErrors(), aside.getFileName());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Could not move the corrupt MTA-STS policy file {} aside: {}", file, e.toString());
        }
        return Optional.empty();
    }

    void write(CachedPolicy policy) throws IOException {
        Path temp = temp("entry");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(PolicyFileFormat.encode(policy));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            replace(temp, fileOf(policy.domain()));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** True when there was an entry to delete. */
    boolean delete(DomainName domain) throws IOException {
        if (Files.deleteIfExists(fileOf(domain))) {
            forceDirectory();
            return true;
        }
        return false;
    }

    /** Renames {@code temp} over {@code target} atomically and makes the rename durable. */
    void replace(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /** Makes renames and deletes in the directory durable; skipped where a directory cannot be opened. */
    void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force the directory {} to disk: {}", directory, e.toString());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", file, e.toString());
        }
    }
}
