package dev.mtasts.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * The embedded {@link PolicyStore}: one file per policy domain in one directory, in {@link PolicyFileFormat}.
 *
 * <ul>
 *   <li>File names: {@code p=<domain>} for entries. {@link DomainName} allows only {@code [a-z0-9._-]}, no empty
 *       label and at most 253 characters, so the name can neither leave the directory nor collide, and stays
 *       within the usual 255-byte file-name limit. Temporary files start with {@code .tmp-} (no domain file
 *       can), corrupt entries are renamed to {@code c=<domain>} and left for inspection.</li>
 *   <li>Crash safety: a save writes a temporary file in the same directory, forces it to disk, renames it over
 *       the entry atomically and forces the directory. A crash leaves the old entry or the new one, never a torn
 *       one; leftover temporary files are deleted by {@link #loadAll()}.</li>
 *   <li>Corruption: every file carries a CRC-32 and a format version; an unreadable, truncated or corrupted
 *       entry is logged as a WARN naming the file, renamed aside and skipped.</li>
 * </ul>
 *
 * Thread-safe (writes are serialised). One instance per directory; another process writing the same
 * directory is not supported. Failures to read the directory or write an entry throw {@link StoreException}.
 */
public final class FilePolicyStore implements PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(FilePolicyStore.class);
    private static final String ENTRY_PREFIX = "p=";
    private static final String CORRUPT_PREFIX = "c=";
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path directory;

    /** Uses {@code directory}, creating it if needed; {@link StoreException} when that is impossible. */
    public FilePolicyStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new StoreException("cannot create the MTA-STS policy directory " + this.directory + ": " + e, e);
        }
    }

    /** The directory holding the entries. */
    public Path directory() {
        return directory;
    }

    /** The file that holds (or would hold) the entry of {@code domain}. */
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

    @Override
    public synchronized List<CachedPolicy> loadAll() {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    // A save that never reached its rename: the entry it was replacing is intact.
                    LOG.info("Deleting the unfinished MTA-STS policy write {}", file);
                    Files.deleteIfExists(file);
                } else if (name.startsWith(ENTRY_PREFIX)) {
                    entries.add(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot read the MTA-STS policy directory " + directory + ": " + e, e);
        }
        // Files are independent: reading and decoding them in parallel halves start-up with a large cache.
        return entries.parallelStream()
                .map(file -> load(file, file.getFileName().toString().substring(ENTRY_PREFIX.length())))
                .flatMap(java.util.Optional::stream)
                .collect(Collectors.toList());
    }

    private java.util.Optional<CachedPolicy> load(Path file, String domainInName) {
        Parsed<CachedPolicy> parsed;
        try {
            parsed = PolicyFileFormat.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                // Not ours (we never create directories); stat only on this rare path, not for every file.
                return java.util.Optional.empty();
            }
            parsed = Parsed.invalid(0, "it cannot be read: " + e);
        }
        if (parsed.isValid() && !parsed.value().domain().asciiName().equals(domainInName)) {
            parsed = Parsed.invalid(0, "it holds the policy of " + parsed.value().domain() + ", not of " + domainInName);
        }
        if (parsed.isValid()) {
            return java.util.Optional.of(parsed.value());
        }
        Path aside = directory.resolve(CORRUPT_PREFIX + domainInName);
        LOG.warn("Skipping the MTA-STS policy file {}: {}; moved to {} (the policy will be fetched again)", file,
                parsed.describeErrors(), aside.getFileName());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Could not move the corrupt MTA-STS policy file {} aside: {}", file, e.toString());
        }
        return java.util.Optional.empty();
    }

    @Override
    public synchronized void save(CachedPolicy policy) {
        Path target = fileOf(policy.domain());
        Path temp = directory.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(PolicyFileFormat.encode(policy));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw new StoreException("cannot save the MTA-STS policy of " + policy.domain() + " to " + target + ": "
                    + e, e);
        }
    }

    @Override
    public synchronized void delete(DomainName domain) {
        Path target = fileOf(domain);
        try {
            if (Files.deleteIfExists(target)) {
                forceDirectory();
            }
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot delete the MTA-STS policy file " + target + ": " + e, e);
        }
    }

    /** Makes the rename itself durable. Not every platform can open a directory; there it is skipped. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force the directory {} to disk: {}", directory, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", file, e.toString());
        }
    }

    @Override
    public String toString() {
        return "FilePolicyStore{" + directory + "}";
    }
}
