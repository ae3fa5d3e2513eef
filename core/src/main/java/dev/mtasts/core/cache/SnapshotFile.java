package dev.mtasts.core.cache;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

import dev.mtasts.core.Parsed;

/**
 * All cached policies in one file, so that a start with a large cache is one sequential read instead of one
 * file per domain. Version 1, big-endian:
 *
 * <pre>
 * "MSTSSNAP" (8 bytes) | version int (1) | generation long | count int | body length long | body crc32 int
 * body: count x (record length int | one policy in {@link PolicyFileFormat}, with its own CRC-32)
 * </pre>
 *
 * {@link #read} is total: a missing file, a wrong signature or version, a length that does not match the file,
 * a checksum mismatch or any undecodable record makes the whole snapshot invalid with the reason (the store then
 * rebuilds it from the per-domain files). Records are decoded in parallel, sharing equal strings and mx patterns
 * ({@link SharedValues}). Stateless and thread-safe.
 */
final class SnapshotFile {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {'M', 'S', 'T', 'S', 'S', 'N', 'A', 'P'};
    private static final int HEADER = MAGIC.length + 4 + 8 + 4 + 8 + 4;
    /**
     * Records decoded per parallel task (a copy of that part of the file is made for each task). Small enough
     * that the copy (about 300 bytes a record) stays below G1's humongous size, so it dies young and cheaply.
     */
    private static final int RECORDS_PER_TASK = 2_048;

    /** A snapshot's content: its generation and its policies. */
    static final class Content {
        final long generation;
        final List<CachedPolicy> policies;

        Content(long generation, List<CachedPolicy> policies) {
            this.generation = generation;
            this.policies = policies;
        }
    }

    private SnapshotFile() {
    }

    /** Writes {@code policies} as generation {@code generation} to {@code temp} and forces it to disk. */
    static void write(Path temp, long generation, Collection<CachedPolicy> policies) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.position(HEADER);
            CRC32 crc = new CRC32();
            long bodyLength = 0;
            int count = 0;
            OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            DataOutputStream out = new DataOutputStream(stream);
            byte[] lengthBytes = new byte[4];
            for (CachedPolicy policy : policies) {
                byte[] record = PolicyFileFormat.encode(policy);
                ByteBuffer.wrap(lengthBytes).putInt(record.length);
                out.write(lengthBytes);
                out.write(record);
                crc.update(lengthBytes);
                crc.update(record);
                bodyLength += 4 + record.length;
                count++;
            }
            out.flush();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.put(MAGIC).putInt(VERSION).putLong(generation).putInt(count).putLong(bodyLength)
                    .putInt((int) crc.getValue()).flip();
            channel.position(0);
            while (header.hasRemaining()) {
                channel.write(header);
            }
            channel.force(true);
        }
    }

    /** The generation in {@code file}'s header, without reading further; empty when there is no usable header. */
    static java.util.OptionalLong generationOf(Path file) {
        return HeaderReader.generation(file, MAGIC, VERSION);
    }

    /** Reads and checks {@code file}; never throws. */
    static Parsed<Content> read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER) {
                return Parsed.invalid(0, "it is " + size + " bytes long, shorter than its header");
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return read(map, size);
        } catch (NoSuchFileException e) {
            return Parsed.invalid(0, "it does not exist");
        } catch (IOException | RuntimeException e) {
            return Parsed.invalid(0, "it cannot be read: " + e);
        }
    }

    private static Parsed<Content> read(ByteBuffer file, long size) {
        for (byte b : MAGIC) {
            if (file.get() != b) {
                return Parsed.invalid(0, "it does not start with the snapshot signature");
            }
        }
        int version = file.getInt();
        if (version != VERSION) {
            return Parsed.invalid(0, "format version " + version + " is not supported (expected " + VERSION + ")");
        }
        long generation = file.getLong();
        int count = file.getInt();
        long bodyLength = file.getLong();
        int storedCrc = file.getInt();
        if (bodyLength != size - HEADER || count < 0) {
            return Parsed.invalid(0, "it is " + size + " bytes long, its header announces " + (HEADER + bodyLength)
                    + " (truncated or damaged)");
        }
        CRC32 crc = new CRC32();
        crc.update(file.duplicate());
        if ((int) crc.getValue() != storedCrc) {
            return Parsed.invalid(0, "the checksum does not match the content (damaged)");
        }
        int[] starts = recordStarts(file, count);
        if (starts == null) {
            return Parsed.invalid(0, "its records do not fit its length (damaged)");
        }
        int tasks = (count + RECORDS_PER_TASK - 1) / RECORDS_PER_TASK;
        List<List<Parsed<CachedPolicy>>> parts = IntStream.range(0, tasks).parallel()
                .mapToObj(task -> decodeRange(file, starts, task * RECORDS_PER_TASK,
                        Math.min(count, (task + 1) * RECORDS_PER_TASK)))
                .collect(Collectors.toList());
        List<CachedPolicy> policies = new ArrayList<>(count);
        for (List<Parsed<CachedPolicy>> part : parts) {
            for (Parsed<CachedPolicy> policy : part) {
                if (!policy.isValid()) {
                    return Parsed.invalid(0, "record " + policies.size() + " is invalid: " + policy.describeErrors());
                }
                policies.add(policy.value());
            }
        }
        return Parsed.valid(new Content(generation, policies));
    }

    /** Start offsets of the records plus the end of the body as the last element; null when they do not fit. */
    private static int[] recordStarts(ByteBuffer file, int count) {
        if (file.limit() > Integer.MAX_VALUE - 1 || count > (file.remaining() / 4)) {
            return null;
        }
        int[] starts = new int[count + 1];
        int position = file.position();
        for (int i = 0; i < count; i++) {
            if (file.limit() - position < 4) {
                return null;
            }
            int length = file.getInt(position);
            if (length < 0 || length > file.limit() - position - 4) {
                return null;
            }
            starts[i] = position + 4;
            position += 4 + length;
        }
        if (position != file.limit()) {
            return null;
        }
        starts[count] = position + 4;
        return starts;
    }

    private static List<Parsed<CachedPolicy>> decodeRange(ByteBuffer file, int[] starts, int from, int to) {
        // Copy this part to the heap: the decoder turns ASCII bytes into strings fastest from an array.
        int begin = starts[from] - 4;
        int end = starts[to] - 4;
        byte[] bytes = new byte[end - begin];
        file.duplicate().position(begin).get(bytes);
        ByteBuffer part = ByteBuffer.wrap(bytes);
        SharedValues shared = SharedValues.forOneLoad();
        List<Parsed<CachedPolicy>> policies = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            int recordStart = starts[i] - begin;
            int recordEnd = starts[i + 1] - 4 - begin;
            part.limit(recordEnd).position(recordStart);
            policies.add(PolicyFileFormat.decode(part, shared));
            part.limit(part.capacity());
        }
        return policies;
    }
}
