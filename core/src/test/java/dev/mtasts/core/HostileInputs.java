package dev.mtasts.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.mtasts.core.PropertyRun.Generator;

/**
 * Generators of what the other side may send, for {@link PropertyRun}: arbitrary text (controls, lone
 * surrogates, non-ASCII), text made of the tokens a parser looks for (so that generated inputs reach deep into
 * it), valid names; and the totality check every parser must pass.
 */
public final class HostileInputs {
    /** Characters that parsers of this project treat specially, plus the ones an attacker likes. */
    private static final String SPECIAL = "abcxyzSTVvidmoepnfrcsgatlux_-.0123456789:;=, \t\r\n*[]@/!~%\"'?#&+\\"
            + "\u0000\u001b\u007f\u0085\u00e9\u00c3\u00fc\u00df\uFEFF\u2028\u202e\u3002\uFF0E\uD800\uDC00\u0130\u212A";
    private static final String LDH = "abcdefghijklmnopqrstuvwxyz0123456789-";

    private HostileInputs() {
    }

    /** Any string of up to {@code max} UTF-16 units, lone surrogates included; short ones more often. */
    public static Generator<String> anyText(int max) {
        return random -> {
            int length = length(random, max);
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                out.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x100) : (char) random.nextInt(0x10000));
            }
            return out.toString();
        };
    }

    /** Whole BMP code points only (no lone surrogates): what decoding UTF-8 can give. */
    public static Generator<String> decodedText(int max) {
        return random -> {
            int length = length(random, max);
            StringBuilder out = new StringBuilder(length);
            while (out.length() < length) {
                char c = random.nextInt(3) == 0 ? (char) random.nextInt(0x80) : (char) random.nextInt(0x10000);
                if (!Character.isSurrogate(c)) {
                    out.append(c);
                }
            }
            return out.toString();
        };
    }

    /** Strings over the special characters above, up to {@code max} characters. */
    public static Generator<String> specialText(int max) {
        return random -> {
            int length = length(random, max);
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                out.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
            }
            return out.toString();
        };
    }

    /** Up to {@code maxParts} of {@code tokens} and bits of special text, joined: inputs that look almost right. */
    public static Generator<String> tokens(List<String> tokens, int maxParts) {
        Generator<String> noise = specialText(6);
        return random -> {
            int parts = random.nextInt(maxParts + 1);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < parts; i++) {
                out.append(random.nextInt(4) == 0 ? noise.next(random) : tokens.get(random.nextInt(tokens.size())));
            }
            return out.toString();
        };
    }

    /** An LDH label of 1 to {@code max} characters, starting and ending with a letter. */
    public static Generator<String> label(int max) {
        return random -> {
            int length = 1 + random.nextInt(max);
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                boolean edge = i == 0 || i == length - 1;
                out.append(edge ? (char) ('a' + random.nextInt(26)) : LDH.charAt(random.nextInt(LDH.length())));
            }
            return out.toString();
        };
    }

    /** A valid host name: 1 to 3 labels, then {@code .example}. */
    public static Generator<String> hostName() {
        Generator<String> label = label(20);
        return random -> {
            int labels = 1 + random.nextInt(3);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < labels; i++) {
                out.append(label.next(random)).append('.');
            }
            return out.append("example").toString();
        };
    }

    /** Up to {@code max} random bytes. */
    public static Generator<byte[]> bytes(int max) {
        return random -> {
            byte[] out = new byte[length(random, max)];
            random.nextBytes(out);
            return out;
        };
    }

    /** One of {@code generators}, each as likely. */
    @SafeVarargs
    public static <T> Generator<T> oneOf(Generator<? extends T>... generators) {
        return random -> generators[random.nextInt(generators.length)].next(random);
    }

    /** One of {@code values}. */
    @SafeVarargs
    public static <T> Generator<T> of(T... values) {
        return random -> values[random.nextInt(values.length)];
    }

    /** A list of {@code min} to {@code max} values of {@code element}. */
    public static <T> Generator<List<T>> listOf(Generator<T> element, int min, int max) {
        return random -> {
            int size = min + random.nextInt(max - min + 1);
            List<T> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(element.next(random));
            }
            return out;
        };
    }

    /** Lengths up to {@code max}, short ones more often (a third up to 16), the edges included. */
    private static int length(Random random, int max) {
        switch (random.nextInt(8)) {
            case 0:
                return 0;
            case 1:
                return max;
            case 2:
            case 3:
                return random.nextInt(Math.min(16, max) + 1);
            default:
                return random.nextInt(max + 1);
        }
    }

    /** A value xor at least one reason; every reason capped and free of control characters. */
    public static void assertTotal(Parsed<?> parsed) {
        assertThat(parsed.isValid()).isEqualTo(parsed.errors().isEmpty());
        List<ParseError> all = new ArrayList<>(parsed.errors());
        all.addAll(parsed.warnings());
        for (ParseError error : all) {
            assertThat(error.reason().length()).isLessThanOrEqualTo(ParseError.REASON_MAX);
            assertThat(error.reason()).doesNotContainPattern("[\\x00-\\x1f\\x7f\\x80-\\x9f\\u2028\\u2029]");
        }
        // the first five reasons (each capped, with its line) and a count
        assertThat(parsed.describeErrors().length()).isLessThanOrEqualTo(5 * (ParseError.REASON_MAX + 20) + 40);
    }
}
