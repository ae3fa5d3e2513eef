package dev.mtasts.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.Parsed;

class PolicyFileFormatTest {
    private static final CachedPolicy POLICY = FilePolicyStoreTest.policy("example.com", "version: STSv1",
            "mode: enforce", "mx: mx1.example.com", "max_age: 604800");

    /** Recomputes the trailing CRC so that damage reaches the structural checks behind it. */
    private static byte[] withValidCrc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length - 4);
        ByteBuffer.wrap(content, content.length - 4, 4).putInt((int) crc.getValue());
        return content;
    }

    @Test
    void shouldRejectEveryTruncationWithoutThrowing() {
        byte[] full = PolicyFileFormat.encode(POLICY);
        for (int length = 0; length < full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            assertThat(PolicyFileFormat.decode(cut).isValid()).as("length %d", length).isFalse();
            if (length >= 12) {
                assertThat(PolicyFileFormat.decode(withValidCrc(cut)).isValid()).as("length %d, CRC fixed", length)
                        .isFalse();
            }
        }
    }

    @Test
    void shouldNeverThrowOnRandomDamageBehindAValidChecksum() {
        byte[] full = PolicyFileFormat.encode(POLICY);
        Random random = new Random(8461);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] damaged = full.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[8 + random.nextInt(damaged.length - 12)] = (byte) random.nextInt(256);
            }
            Parsed<CachedPolicy> decoded = PolicyFileFormat.decode(withValidCrc(damaged));
            if (decoded.isValid()) {
                valid++;
            } else {
                assertThat(decoded.errors()).isNotEmpty();
            }
        }
        // Some damage (e.g. inside a policy line) still decodes; the point is that none throws.
        assertThat(valid).isLessThan(20_000);
    }

    @Test
    void shouldRejectAnUnknownFormatVersion() {
        byte[] content = PolicyFileFormat.encode(POLICY);
        ByteBuffer.wrap(content).putInt(4, 2);

        assertThat(PolicyFileFormat.decode(withValidCrc(content)).describeErrors()).contains("version 2");
    }

    @Test
    void shouldDecodeTheSamePolicyWhenItIsDecodedOnFirstUse() {
        Parsed<CachedPolicy> lazy = PolicyFileFormat.decode(ByteBuffer.wrap(PolicyFileFormat.encode(POLICY)),
                SharedValues.forOneLoad());

        assertThat(lazy.isValid()).isTrue();
        assertThat(lazy.value().mode()).isEqualTo(POLICY.policy().mode());
        assertThat(lazy.value().expiresAt()).isEqualTo(POLICY.expiresAt());
        assertThat(lazy.value().policy()).isEqualTo(POLICY.policy());
        assertThat(lazy.value()).isEqualTo(POLICY);
    }

    @Test
    void shouldRejectAnInvalidMxPatternAtLoadEvenWhenItIsDecodedOnFirstUse() {
        byte[] bytes = PolicyFileFormat.encode(POLICY);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        // The first mx pattern, "mx1.example.com", made invalid at the same length (a snapshot checks its
        // records with one checksum over all of them, so no per-record checksum catches this).
        int at = text.indexOf("mx1.example.com");
        bytes[at + 3] = '!';

        Parsed<CachedPolicy> lazy = PolicyFileFormat.decode(ByteBuffer.wrap(bytes), SharedValues.forOneLoad());

        assertThat(lazy.isValid()).isFalse();
        assertThat(lazy.describeErrors()).contains("mx pattern");
    }

    /** The load's one-pass mx check never accepts what the full parser refuses, and accepts what the store writes. */
    @Test
    void shouldAcceptInTheCanonicalMxCheckOnlyPatternsTheParserAcceptsAsWritten() {
        for (String written : new String[] {"mx1.example.com", "*.mail.example.com", "a_b-c.d9", "x", "1password.com",
                "a".repeat(63) + ".com"}) {
            assertThat(canonical(written)).as(written).isTrue();
        }
        for (String refused : new String[] {"", "*", "*.", "1.2.3.4", "mx.123", "a..b", ".a", "a.", "MX.example.com",
                "*.*.a", "a*.b", "[1.2.3.4]", "a:b", "a".repeat(64) + ".com", "m x.com"}) {
            assertThat(canonical(refused)).as(refused).isFalse();
        }
        Random random = new Random(11);
        char[] alphabet = "ab9-_.*:A ".toCharArray();
        for (int i = 0; i < 200_000; i++) {
            char[] text = new char[1 + random.nextInt(12)];
            for (int j = 0; j < text.length; j++) {
                text[j] = alphabet[random.nextInt(alphabet.length)];
            }
            String candidate = new String(text);
            if (canonical(candidate)) {
                Parsed<dev.mtasts.core.policy.MxPattern> parsed = dev.mtasts.core.policy.MxPattern.parse(candidate);
                assertThat(parsed.isValid()).as(candidate).isTrue();
                assertThat(parsed.value().text()).as(candidate).isEqualTo(candidate);
            }
        }
    }

    private static boolean canonical(String text) {
        byte[] bytes = ("##" + text).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return PolicyFileFormat.isCanonicalMx(bytes, 2, bytes.length - 2);
    }
}
