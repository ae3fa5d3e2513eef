package dev.mtasts.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * The changes made since the {@link SnapshotFile} of the same generation, appended one record per save or delete
 * and forced to disk, so that a start needs the snapshot and this file only. Version 1, big-endian:
 *
 * <pre>
 * "MSTSJRNL" (8 bytes) | version int (1) | generation long
 * records: type byte ('P' saved, 'D' deleted) | payload length int | payload | crc32 int (of type, length, payload)
 * payload: 'P' one policy in {@link PolicyFileFormat}; 'D' the domain's name (ASCII)
 * </pre>
 *
 * Each record is written and forced to disk <em>before</em> the store touches the per-domain file (write-ahead):
 * a crash during an append leaves a torn last record, and {@link #read} stops at the first record that is
 * incomplete or fails its checksum and ignores the rest (that change never reached its per-domain file, which is
 * written after). A whole record whose file write never happened is settled by the store, which lets the file of
 * every journaled domain win. Stateless and thread-safe; the store serialises appends.
 */
final class PolicyJournal {
    private static final byte[] MAGIC = {'M', 'S', 'T', 'S', 'J', 'R', 'N', 'L'};
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 4 + 8;
    private static final byte SAVED = 'P';
    private static final byte DELETED = 'D';

    /** One change: the policy saved, or only the domain for a delete. */
    static final class Change {
        final DomainName domain;
        final Optional<CachedPolicy> saved;

        Change(DomainName domain, Optional<CachedPolicy> saved) {
            this.domain = domain;
            this.saved = saved;
        }
    }

    /** A journal's generation, its readable changes, and whether a torn or damaged tail was ignored. */
    static final class Content {
        final long generation;
        final List<Change> changes;
        final Optional<String> ignoredTail;

        Content(long generation, List<Change> changes, Optional<String> ignoredTail) {
            this.generation = generation;
            this.changes = changes;
            this.ignoredTail = ignoredTail;
        }
    }

    private PolicyJournal() {
    }

    /** The generation in {@code journal}'s header; empty when there is no usable header. */
    static java.util.OptionalLong generationOf(Path journal) {
        return HeaderReader.generation(journal, MAGIC, VERSION);
    }

    /** Writes an empty journal of {@code generation} to {@code temp}, forced to disk. */
    static void writeEmpty(Path temp, long generation) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(VERSION).putLong(generation).flip();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (header.hasRemaining()) {
                channel.write(header);
            }
            channel.force(true);
        }
    }

    static void appendSaved(Path journal, CachedPolicy policy) throws IOException {
        append(journal, SAVED, PolicyFileFormat.encode(policy));
    }

    static void appendDeleted(Path journal, DomainName domain) throws IOException {
        append(journal, DELETED, domain.asciiName().getBytes(StandardCharsets.US_ASCII));
    }

    private static void append(Path journal, byte type, byte[] payload) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(1 + 4 + payload.length + 4);
        record.put(type).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(record.array(), 0, record.position());
        record.putInt((int) crc.getValue()).flip();
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(false);
        }
    }

    /** Reads {@code journal}; never throws. */
    static Parsed<Content> read(Path journal) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(journal);
        } catch (NoSuchFileException e) {
            return Parsed.invalid(0, "it does not exist");
        } catch (IOException | RuntimeException e) {
            return Parsed.invalid(0, "it cannot be read: " + e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER) {
            return Parsed.invalid(0, "it is " + bytes.length + " bytes long, shorter than its header");
        }
        for (byte b : MAGIC) {
            if (in.get() != b) {
                return Parsed.invalid(0, "it does not start with the journal signature");
            }
        }
        int version = in.getInt();
        if (version != VERSION) {
            return Parsed.invalid(0, "format version " + version + " is not supported (expected " + VERSION + ")");
        }
        long generation = in.getLong();
        List<Change> changes = new ArrayList<>();
        SharedValues shared = SharedValues.forOneLoad();
        while (in.hasRemaining()) {
            int start = in.position();
            Optional<String> problem = readRecord(in, shared, changes);
            if (problem.isPresent()) {
                return Parsed.valid(new Content(generation, changes,
                        Optional.of("record at byte " + start + ": " + problem.get())));
            }
        }
        return Parsed.valid(new Content(generation, changes, Optional.empty()));
    }

    private static Optional<String> readRecord(ByteBuffer in, SharedValues shared, List<Change> changes) {
        int start = in.position();
        if (in.remaining() < 1 + 4) {
            return Optional.of("incomplete");
        }
        byte type = in.get();
        int length = in.getInt();
        if (length < 0 || length > in.remaining() - 4) {
            return Optional.of("incomplete");
        }
        int payloadStart = in.position();
        CRC32 crc = new CRC32();
        crc.update(in.array(), start, 1 + 4 + length);
        if ((int) crc.getValue() != in.getInt(payloadStart + length)) {
            return Optional.of("checksum mismatch");
        }
        ByteBuffer payload = in.duplicate();
        payload.limit(payloadStart + length);
        in.position(payloadStart + length + 4);
        if (type == SAVED) {
            Parsed<CachedPolicy> policy = PolicyFileFormat.decode(payload, shared);
            if (!policy.isValid()) {
                return Optional.of(policy.describeErrors());
            }
            changes.add(new Change(policy.value().domain(), Optional.of(policy.value())));
            return Optional.empty();
        }
        if (type == DELETED) {
            Parsed<DomainName> domain = DomainName.parse(new String(in.array(), payloadStart, length,
                    StandardCharsets.US_ASCII));
            if (!domain.isValid()) {
                return Optional.of("invalid domain: " + domain.describeErrors());
            }
            changes.add(new Change(domain.value(), Optional.empty()));
            return Optional.empty();
        }
        return Optional.of("unknown record type " + type);
    }
}
