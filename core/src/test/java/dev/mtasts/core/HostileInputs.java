package dev.mtasts.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of what the other side may send: arbitrary text (controls, surrogates, non-ASCII), text
 * made of the tokens a parser looks for (so that the generated inputs reach deep into it), and valid names.
 */
public final class HostileInputs {
    /** Characters that parsers of this project treat specially, plus the ones an attacker likes. */
    private static final String SPECIAL = "abcxyzSTVvidmoepnfrcsgatlux_-.0123456789:;=, \t\r\n*[]@/!~%\"'?#&+\\"
            + "\u0000\u001b\u007f\u0085\u00e9\u00c3\u00fc\u00df\uFEFF\u2028\u202e\u3002\uFF0E\uD800\uDC00\u0130\u212A";

    private HostileInputs() {
    }

    /** Any string up to {@code max} characters: every UTF-16 unit, lone surrogates included. */
    public static Arbitrary<String> anyText(int max) {
        return Arbitraries.strings().all().ofMaxLength(max);
    }

    /** Any string of whole code points of the BMP (no lone surrogates: what decoding UTF-8 can give). */
    public static Arbitrary<String> decodedText(int max) {
        return Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff')
                .ofMaxLength(max);
    }

    /** Strings over the special characters above, up to {@code max} characters. */
    public static Arbitrary<String> specialText(int max) {
        return Arbitraries.strings().withChars(SPECIAL.toCharArray()).ofMaxLength(max);
    }

    /** Strings made of {@code tokens} and special characters, joined: inputs that look almost right. */
    public static Arbitrary<String> tokens(List<String> tokens, int maxParts) {
        Arbitrary<String> part = Arbitraries.oneOf(Arbitraries.of(tokens), specialText(6));
        return part.list().ofMaxSize(maxParts).map(parts -> String.join("", parts));
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

    /** An LDH label of 1 to {@code max} characters (no leading or trailing hyphen). */
    public static Arbitrary<String> label(int max) {
        Arbitrary<String> inner = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('-').ofMaxLength(Math.max(0, max - 2));
        Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z');
        return Combinators.combine(edge, inner, edge, Arbitraries.of(true, false))
                .as((first, middle, last, single) -> single ? String.valueOf(first) : first + middle + last);
    }

    /** A valid host name of 2 to 4 labels whose last label has a letter, at most 253 characters. */
    public static Arbitrary<String> hostName() {
        return label(20).list().ofMinSize(1).ofMaxSize(3)
                .map(labels -> String.join(".", labels) + ".example")
                .filter(name -> name.length() <= 253);
    }
}
