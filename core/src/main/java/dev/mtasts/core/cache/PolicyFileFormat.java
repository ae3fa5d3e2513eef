package dev.mtasts.core.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/**
 * The on-disk form of one {@link CachedPolicy}, version 1. Big-endian, every string length-prefixed (so no
 * content, whatever bytes a policy line holds, can be mistaken for structure), a CRC-32 of everything before
 * it at the end:
 *
 * <pre>
 * "MSTS" (4 bytes) | version int (1)
 * domain str | id str | fetchedAt epoch-seconds long | nanos int | mode str | max_age long
 * mx count int | mx str... | line count int | line str...
 * crc32 int (of all bytes above)
 * str = byte length int + UTF-8 bytes
 * </pre>
 *
 * {@link #decode} is total: a truncated, corrupted or foreign file yields an invalid result with the reason.
 * Stateless and thread-safe.
 */
final class PolicyFileFormat {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {'M', 'S', 'T', 'S'};
    /** RFC 8461 §3.2: max_age at most 31557600. */
    private static final long MAX_AGE_LIMIT = 31_557_600L;

    private PolicyFileFormat() {
    }

    static byte[] encode(CachedPolicy policy) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(VERSION);
            writeString(out, policy.domain().asciiName());
            writeString(out, policy.id());
            out.writeLong(policy.fetchedAt().getEpochSecond());
            out.writeInt(policy.fetchedAt().getNano());
            StsPolicy sts = policy.policy();
            writeString(out, sts.mode().text());
            out.writeLong(sts.maxAgeSeconds());
            out.writeInt(sts.mxPatterns().size());
            for (MxPattern mx : sts.mxPatterns()) {
                writeString(out, mx.text());
            }
            out.writeInt(sts.lines().size());
            for (String line : sts.lines()) {
                writeString(out, line);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** Decodes a file's content; never throws. */
    static Parsed<CachedPolicy> decode(byte[] content) {
        return decode(ByteBuffer.wrap(content), SharedValues.none());
    }

    /**
     * Decodes one encoded policy held in {@code record} from its position to its limit (the position moves);
     * never throws. Strings and mx patterns equal to ones {@code shared} has seen are shared, not copied.
     */
    static Parsed<CachedPolicy> decode(ByteBuffer record, SharedValues shared) {
        int start = record.position();
        int length = record.remaining();
        if (length < MAGIC.length + 8) {
            return Parsed.invalid(0, "the file is " + length + " bytes long, too short to be a policy");
        }
        ByteBuffer body = record.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
        body.limit(start + length - 4);
        int storedCrc = record.getInt(start + length - 4);
        record.position(start + length);
        for (byte b : MAGIC) {
            if (body.get() != b) {
                return Parsed.invalid(0, "the file does not start with the policy-file signature");
            }
        }
        // A snapshot or journal checksums its records as a whole: then one pass over the bytes is enough.
        if (shared.checksRecords() && (int) crc(record, start, length - 4) != storedCrc) {
            return Parsed.invalid(0, "the checksum does not match the content (truncated or corrupted)");
        }
        int version = body.getInt();
        if (version != VERSION) {
            return Parsed.invalid(0, "format version " + version + " is not supported (expected " + VERSION + ")");
        }
        try {
            return Parsed.valid(read(body, shared));
        } catch (FormatException e) {
            return Parsed.invalid(0, e.getMessage());
        }
    }

    private static long crc(ByteBuffer buffer, int from, int length) {
        ByteBuffer bytes = buffer.duplicate();
        bytes.limit(from + length).position(from);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static CachedPolicy read(ByteBuffer in, SharedValues shared) throws FormatException {
        Parsed<DomainName> domain = DomainName.parse(readString(in, shared.utf8(), "domain"));
        if (!domain.isValid()) {
            throw new FormatException("the domain is invalid: " + domain.describeErrors());
        }
        String id = shared.string(readString(in, shared.utf8(), "id"));
        if (id.isEmpty()) {
            throw new FormatException("the policy id is empty");
        }
        Instant fetchedAt;
        try {
            fetchedAt = Instant.ofEpochSecond(readLong(in, "fetchedAt"), readInt(in, "fetchedAt nanos"));
        } catch (DateTimeException | ArithmeticException e) {
            throw new FormatException("fetchedAt is out of range: " + e.getMessage());
        }
        String modeText = readString(in, shared.utf8(), "mode");
        Optional<PolicyMode> mode = PolicyMode.fromText(modeText);
        if (mode.isEmpty()) {
            throw new FormatException("the mode '" + modeText + "' is unknown");
        }
        long maxAge = readLong(in, "max_age");
        if (maxAge < 0 || maxAge > MAX_AGE_LIMIT) {
            throw new FormatException("max_age " + maxAge + " is outside 0.." + MAX_AGE_LIMIT);
        }
        if (shared.decodesLazily()) {
            // Loads decode on several threads and then fill the cache's map on fewer: hash the name here.
            domain.value().hashCode();
            // Checked now, decoded when first used (see CachedPolicy): copy the encoded mx patterns and lines.
            int restStart = in.position();
            checkRest(in, shared);
            byte[] rest = new byte[in.position() - restStart];
            in.duplicate().position(restStart).get(rest);
            return new CachedPolicy(domain.value(), id, mode.get(), maxAge, rest, fetchedAt);
        }
        return new CachedPolicy(domain.value(), id, new StsPolicy(mode.get(), readMx(in, shared), maxAge,
                readLines(in, shared)), fetchedAt);
    }

    private static List<MxPattern> readMx(ByteBuffer in, SharedValues shared) throws FormatException {
        int mxCount = readCount(in, "mx");
        List<MxPattern> mx = new ArrayList<>(mxCount);
        for (int i = 0; i < mxCount; i++) {
            Optional<MxPattern> pattern = shared.mxPattern(readString(in, shared.utf8(), "mx"));
            if (pattern.isEmpty()) {
                throw new FormatException("an mx pattern is invalid");
            }
            mx.add(pattern.get());
        }
        return mx;
    }

    private static List<String> readLines(ByteBuffer in, SharedValues shared) throws FormatException {
        int lineCount = readCount(in, "line");
        List<String> lines = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++) {
            lines.add(shared.string(readString(in, shared.utf8(), "policy line")));
        }
        if (in.hasRemaining()) {
            throw new FormatException(in.remaining() + " unexpected bytes after the last policy line");
        }
        return lines;
    }

    /** Checks the mx patterns and lines as {@link #readMx} and {@link #readLines} would, keeping nothing. */
    private static void checkRest(ByteBuffer in, SharedValues shared) throws FormatException {
        int mxCount = readCount(in, "mx");
        for (int i = 0; i < mxCount; i++) {
            int length = readInt(in, "mx length");
            if (length < 0 || length > in.remaining()) {
                throw new FormatException("the mx length " + length + " does not fit the file");
            }
            int start = in.position();
            if (in.hasArray() && isCanonicalMx(in.array(), in.arrayOffset() + start, length)) {
                in.position(start + length);
            } else {
                in.position(start - 4);
                if (shared.mxPattern(readString(in, shared.utf8(), "mx")).isEmpty()) {
                    throw new FormatException("an mx pattern is invalid");
                }
            }
        }
        int lineCount = readCount(in, "line");
        for (int i = 0; i < lineCount; i++) {
            int length = readInt(in, "policy line length");
            if (length < 0 || length > in.remaining()) {
                throw new FormatException("the policy line length " + length + " does not fit the file");
            }
            int start = in.position();
            in.position(start + length);
            if (!(in.hasArray() && isAscii(in.array(), in.arrayOffset() + start, length))) {
                ByteBuffer slice = in.duplicate();
                slice.position(start).limit(start + length);
                try {
                    shared.utf8().decode(slice);
                } catch (CharacterCodingException e) {
                    throw new FormatException("the policy line is not valid UTF-8");
                }
            }
        }
        if (in.hasRemaining()) {
            throw new FormatException(in.remaining() + " unexpected bytes after the last policy line");
        }
    }

    /**
     * The policy of a record's mx patterns and lines that {@link #decode} checked when it loaded them. Throws
     * {@link IllegalStateException} if they no longer decode (memory corruption or a bug: never bad input).
     */
    static StsPolicy decodeChecked(PolicyMode mode, long maxAgeSeconds, byte[] rest) {
        ByteBuffer in = ByteBuffer.wrap(rest);
        SharedValues none = SharedValues.none();
        try {
            return new StsPolicy(mode, readMx(in, none), maxAgeSeconds, readLines(in, none));
        } catch (FormatException e) {
            throw new IllegalStateException("a policy checked at load no longer decodes: " + e.getMessage(), e);
        }
    }

    private static int readCount(ByteBuffer in, String what) throws FormatException {
        int count = readInt(in, what + " count");
        // Each element takes at least its 4-byte length: a larger count cannot be satisfied.
        if (count < 0 || count > in.remaining() / 4) {
            throw new FormatException("the " + what + " count " + count + " does not fit the file");
        }
        return count;
    }

    private static String readString(ByteBuffer in, CharsetDecoder utf8, String what) throws FormatException {
        int length = readInt(in, what + " length");
        if (length < 0 || length > in.remaining()) {
            throw new FormatException("the " + what + " length " + length + " does not fit the file");
        }
        int start = in.position();
        in.position(start + length);
        if (in.hasArray() && isAscii(in.array(), in.arrayOffset() + start, length)) {
            // Nearly every policy is ASCII: one copy into a compact Latin-1 string, no decoder.
            return new String(in.array(), in.arrayOffset() + start, length, StandardCharsets.ISO_8859_1);
        }
        ByteBuffer slice = in.duplicate();
        slice.position(start).limit(start + length);
        try {
            return utf8.decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException("the " + what + " is not valid UTF-8");
        }
    }

    /**
     * True when the bytes are an mx pattern in the form the store writes ({@link MxPattern#text()}: lower-case
     * A-labels, no trailing dot) and {@link MxPattern#parse} would accept it: one pass, no objects. False is not
     * "invalid": anything else goes through the full parser.
     */
    static boolean isCanonicalMx(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int from = length >= 2 && bytes[offset] == '*' && bytes[offset + 1] == '.' ? offset + 2 : offset;
        if (end - from < 1 || end - from > 253) {
            return false;
        }
        int labelStart = from;
        boolean allDigits = true;
        for (int i = from; i <= end; i++) {
            if (i == end || bytes[i] == '.') {
                int label = i - labelStart;
                if (label < 1 || label > 63 || (i == end && allDigits)) {
                    return false;
                }
                labelStart = i + 1;
                allDigits = true;
            } else {
                byte c = bytes[i];
                boolean digit = c >= '0' && c <= '9';
                if (!(digit || (c >= 'a' && c <= 'z') || c == '-' || c == '_')) {
                    return false;
                }
                allDigits &= digit;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int readInt(ByteBuffer in, String what) throws FormatException {
        if (in.remaining() < 4) {
            throw new FormatException("the file ends before the " + what);
        }
        return in.getInt();
    }

    private static long readLong(ByteBuffer in, String what) throws FormatException {
        if (in.remaining() < 8) {
            throw new FormatException("the file ends before the " + what);
        }
        return in.getLong();
    }

    /** A structural problem found while decoding; never leaves this class. */
    private static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message, null, false, false);
        }
    }
}
