package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;

/**
 * Property: the parsers are total. Thousands of generated and mutated inputs (fixed seed, so a failure is
 * reproducible) must each give a consistent {@link Parsed} (a value or at least one reason), never an
 * exception.
 */
class ParserRobustnessTest {
    private static final long SEED = 8461L;
    private static final int ROUNDS = 4000;
    private static final String ALPHABET = "abcxyzSTVvidmoepnfrcsgatlux_-.0123456789:;= \t\r\n*[]@/!~\"'"
            + "\u0000\u007f\u00e9\u00c3\u00fc\u00df\uFEFF\u3002\uFF0E\uD800\uDC00\u0130\u212A";
    private static final List<String> SEEDS = List.of(
            "v=STSv1; id=20160831085700Z;",
            "v=STSv1; id=abc; ext=val",
            "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmax_age: 604800\n",
            "version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n",
            "*.xn--bcher-kva.example",
            "mail.example.com.");

    private static final MxPattern WILDCARD = MxPattern.parse("*.example.com").value();

    private final Random random = new Random(SEED);
    private int checked;

    @Test
    void shouldNeverThrowWhenInputIsRandom() {
        for (int i = 0; i < ROUNDS; i++) {
            checkAll(randomString(random.nextInt(60)));
        }
    }

    @Test
    void shouldNeverThrowWhenValidInputIsMutated() {
        for (int i = 0; i < ROUNDS; i++) {
            checkAll(mutate(SEEDS.get(random.nextInt(SEEDS.size()))));
        }
        assertThat(checked).as("mutations that still gave a valid domain name").isGreaterThan(100);
    }

    @Test
    void shouldNeverThrowWhenRecordsAreSelected() {
        for (int i = 0; i < ROUNDS / 4; i++) {
            List<String> records = new ArrayList<>();
            int count = random.nextInt(4);
            for (int r = 0; r < count; r++) {
                records.add(random.nextBoolean() ? mutate(SEEDS.get(0)) : randomString(20));
            }
            assertConsistent(StsTxtParser.select(records), records.toString());
        }
    }

    private void checkAll(String input) {
        assertConsistent(StsTxtParser.parse(input), input);
        assertConsistent(StsPolicyParser.parse(input), input);
        assertConsistent(MxPattern.parse(input), input);
        assertConsistent(DomainName.parse(input), input);
        for (ParseError error : StsPolicyParser.parse(input).errors()) {
            if (error.line() < 1) {
                fail("policy error lines are 1-based, got " + error + " for '" + escape(input) + "'");
            }
        }
        Parsed<DomainName> name = DomainName.parse(input);
        if (name.isValid()) {
            String ascii = name.value().asciiName();
            boolean oneLabelInFront = ascii.endsWith(".example.com")
                    && ascii.indexOf('.') == ascii.length() - ".example.com".length();
            if (WILDCARD.matches(name.value()) != oneLabelInFront) {
                fail("*.example.com vs '" + ascii + "' should be " + oneLabelInFront);
            }
            if (!DomainName.parse(ascii).value().equals(name.value())) {
                fail("normalising '" + ascii + "' again changed it");
            }
            checked++;
        }
    }

    private static void assertConsistent(Parsed<?> parsed, String input) {
        boolean consistent = parsed != null && (parsed.isValid()
                ? parsed.errors().isEmpty()
                : !parsed.errors().isEmpty() && parsed.errors().stream().noneMatch(e -> e.reason().isBlank()));
        if (!consistent) {
            fail("inconsistent result " + parsed + " for input '" + escape(input) + "'");
        }
    }

    private String randomString(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private String mutate(String seed) {
        StringBuilder out = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0:
                    out.insert(at, c);
                    break;
                case 1:
                    if (out.length() > 0) {
                        out.deleteCharAt(at);
                    }
                    break;
                default:
                    if (out.length() > 0) {
                        out.setCharAt(at, c);
                    }
            }
        }
        return out.toString();
    }

    private static String escape(String input) {
        StringBuilder out = new StringBuilder();
        for (char c : input.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
