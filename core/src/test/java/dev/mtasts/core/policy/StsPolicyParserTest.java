package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;

class StsPolicyParserTest {
    /** RFC 8461 §3.2's example policy. */
    private static final String RFC_EXAMPLE = "version: STSv1\n"
            + "mode: enforce\n"
            + "mx: mail.example.com\n"
            + "mx: *.example.net\n"
            + "mx: backupmx.example.com\n"
            + "max_age: 604800\n";

    private static String lf(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Valid {

        @Test
        void shouldParseTheRfcExample() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(RFC_EXAMPLE);

            assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
            StsPolicy policy = parsed.value();
            assertThat(policy.mode()).isEqualTo(PolicyMode.ENFORCE);
            assertThat(policy.maxAgeSeconds()).isEqualTo(604800);
            assertThat(policy.mxPatterns()).extracting(MxPattern::text)
                    .containsExactly("mail.example.com", "*.example.net", "backupmx.example.com");
            assertThat(policy.lines()).containsExactly("version: STSv1", "mode: enforce", "mx: mail.example.com",
                    "mx: *.example.net", "mx: backupmx.example.com", "max_age: 604800");
            assertThat(parsed.warnings()).isEmpty();
            assertThat(policy.allowsMx(DomainName.of("mx1.example.net"))).isTrue();
            assertThat(policy.allowsMx(DomainName.of("example.net"))).isFalse();
        }

        Stream<Arguments> validPolicies() {
            return Stream.of(
                arguments("CRLF line ends", "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 86400\r\n"),
                arguments("LF line ends", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n"),
                arguments("mixed LF and CRLF", "version: STSv1\r\nmode: enforce\nmx: mail.example.com\r\nmax_age: 86400\n"),
                arguments("no final line end", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400"),
                arguments("tabs after ':'", "version:\tSTSv1\nmode:\t\tenforce\nmx: \tmail.example.com\nmax_age:\t86400\n"),
                arguments("no space after ':'", "version:STSv1\nmode:enforce\nmx:mail.example.com\nmax_age:86400\n"),
                arguments("trailing spaces and tabs", "version: STSv1  \nmode: enforce\t\nmx: mail.example.com \t\nmax_age: 86400 \n"),
                arguments("keys in any order", "max_age: 86400\nmx: mail.example.com\nmode: enforce\nversion: STSv1\n"),
                arguments("unknown keys ignored", "version: STSv1\nmode: enforce\nfoo: bar baz\nx.y-z_1: ünïcödé\nmx: mail.example.com\nmax_age: 86400\n"),
                arguments("max_age at the limit", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 31557600\n"),
                arguments("max_age with 10 digits", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 0000086400\n"),
                arguments("duplicate mx", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: mail.example.com\nmax_age: 86400\n"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("validPolicies")
        void shouldAcceptWithoutWarningWhenPolicyFollowsTheAbnf(String reason, String body) {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(body);

            assertThat(parsed.isValid()).as(reason + ": " + parsed.describeErrors()).isTrue();
            assertThat(parsed.warnings()).as(reason).isEmpty();
            assertThat(parsed.value().mode()).isEqualTo(PolicyMode.ENFORCE);
            assertThat(parsed.value().allowsMx(DomainName.of("mail.example.com"))).isTrue();
        }

        @Test
        void shouldAcceptWhenModeIsNoneWithoutMx() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(lf("version: STSv1", "mode: none", "max_age: 86400"));

            assertThat(parsed.value().mode()).isEqualTo(PolicyMode.NONE);
            assertThat(parsed.value().mxPatterns()).isEmpty();
        }

        @Test
        void shouldAcceptWhenModeIsTesting() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(
                    lf("version: STSv1", "mode: testing", "mx: *.example.com", "max_age: 86400"));

            assertThat(parsed.value().mode()).isEqualTo(PolicyMode.TESTING);
            assertThat(parsed.value().mxPatterns()).containsExactly(MxPattern.parse("*.example.com").value());
        }

        @Test
        void shouldKeepLinesVerbatimWithoutTerminators() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(
                    "version: STSv1\r\nmode:\tenforce  \nmx: mail.example.com\r\nmax_age: 86400\r\n");

            assertThat(parsed.value().lines())
                    .containsExactly("version: STSv1", "mode:\tenforce  ", "mx: mail.example.com", "max_age: 86400");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Invalid {

        Stream<Arguments> invalidPolicies() {
            return Stream.of(
                arguments("empty body", "", 1, "empty"),
                arguments("only line ends", "\n\n", 2, "no 'version' line"),
                arguments("version missing", lf("mode: enforce", "mx: a.example", "max_age: 86400"), 3, "no 'version' line"),
                arguments("version wrong", lf("version: STSv2", "mode: enforce", "mx: a.example", "max_age: 86400"), 1, "'STSv2'"),
                arguments("version value lower-case", lf("version: stsv1", "mode: enforce", "mx: a.example", "max_age: 86400"), 1, "case-sensitive"),
                arguments("mode missing", lf("version: STSv1", "mx: a.example", "max_age: 86400"), 3, "no 'mode' line"),
                arguments("mode unknown", lf("version: STSv1", "mode: strict", "mx: a.example", "max_age: 86400"), 2, "enforce, testing, none"),
                arguments("mode value upper-case", lf("version: STSv1", "mode: Enforce", "mx: a.example", "max_age: 86400"), 2, "write 'enforce'"),
                arguments("mode empty", lf("version: STSv1", "mode:", "mx: a.example", "max_age: 86400"), 2, "the mode is ''"),
                arguments("upper-case key Mode", lf("version: STSv1", "Mode: enforce", "mx: a.example", "max_age: 86400"), 4, "line 2 has the key 'Mode'"),
                arguments("upper-case key MX", lf("version: STSv1", "mode: enforce", "MX: a.example", "max_age: 86400"), 2, "line 3 has the key 'MX'"),
                arguments("key max-age misspelt", lf("version: STSv1", "mode: enforce", "mx: a.example", "max-age: 86400"), 4, "line 4 has the key 'max-age'"),
                arguments("missing ':' after mode", lf("version: STSv1", "mode enforce", "mx: a.example", "max_age: 86400"), 4, "line 2 is 'mode enforce', which has no ':'"),
                arguments("max_age missing", lf("version: STSv1", "mode: enforce", "mx: a.example"), 3, "no 'max_age' line"),
                arguments("max_age 31557601", lf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 31557601"), 4, "larger than 31557600"),
                arguments("max_age 11 digits", lf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 00000086400"), 4, "11 digits"),
                arguments("max_age huge", lf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 99999999999999999999999"), 4, "at most 10"),
                arguments("max_age negative", lf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: -1"), 4, "digits only"),
                arguments("max_age with unit", lf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 86400s"), 4, "digits only"),
                arguments("max_age empty", lf("version: STSv1", "mode: enforce", "mx: a.example", "max_age:"), 4, "no value"),
                arguments("max_age with inner space", lf("version: STSv1", "mode: enforce", "mx: a.example", "max_age: 86 400"), 4, "digits only"),
                arguments("mx missing in enforce", lf("version: STSv1", "mode: enforce", "max_age: 86400"), 2, "no 'mx' line"),
                arguments("mx missing in testing", lf("version: STSv1", "max_age: 86400", "mode: testing"), 3, "no 'mx' line"),
                arguments("mx *.*.example.com", lf("version: STSv1", "mode: enforce", "mx: *.*.example.com", "max_age: 86400"), 3, "'*'"),
                arguments("mx IP literal", lf("version: STSv1", "mode: enforce", "mx: 192.0.2.1", "max_age: 86400"), 3, "IP address"),
                arguments("mx bracketed IP", lf("version: STSv1", "mode: enforce", "mx: [192.0.2.1]", "max_age: 86400"), 3, "IP address"),
                arguments("mx empty", lf("version: STSv1", "mode: enforce", "mx:", "max_age: 86400"), 3, "empty"),
                arguments("mx with two names", lf("version: STSv1", "mode: enforce", "mx: a.example b.example", "max_age: 86400"), 3, "not a valid domain name"),
                arguments("mx invalid even in mode none", lf("version: STSv1", "mode: none", "mx: *.*.example", "max_age: 86400"), 3, "'*'"),
                arguments("first of duplicate mode is invalid", lf("version: STSv1", "mode: Enforce", "mode: enforce", "mx: a.example", "max_age: 86400"), 2, "'Enforce'"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidPolicies")
        void shouldRejectWithLineAndReasonWhenMeaningfulFieldIsWrong(String reason, String body, int line,
                String expectedText) {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(body);

            assertThat(parsed.isValid()).as(reason).isFalse();
            assertThat(parsed.errors()).as(reason)
                    .anySatisfy(e -> {
                        assertThat(e.line()).isEqualTo(line);
                        assertThat(e.reason()).contains(expectedText);
                    });
        }

        @Test
        void shouldReportEveryProblemWhenSeveralFieldsAreWrong() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(lf("version: STSv2", "mode: strict", "max_age: x"));

            assertThat(parsed.errors()).extracting(ParseError::line).containsExactly(1, 2, 3);
        }

        @Test
        void shouldRejectWhenBodyIsNull() {
            assertThat(StsPolicyParser.parse(null).errors()).extracting(ParseError::line).containsExactly(1);
        }

        @Test
        void shouldKeepWarningsWhenPolicyIsInvalid() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(lf("version: STSv1", "Mode: enforce", "max_age: 86400"));

            assertThat(parsed.warnings()).extracting(ParseError::reason).singleElement().asString()
                    .contains("key 'Mode' is not 'mode' (keys are case-sensitive");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Tolerated {

        Stream<Arguments> toleratedPolicies() {
            String rest = "mx: mail.example.com\nmax_age: 86400\n";
            return Stream.of(
                arguments("blank line", "version: STSv1\n\nmode: enforce\n" + rest, 2, "blank"),
                arguments("blank line of spaces", "version: STSv1\n \t\nmode: enforce\n" + rest, 2, "blank"),
                arguments("trailing blank line", "version: STSv1\nmode: enforce\n" + rest + "\n", 5, "blank"),
                arguments("bare CR line ends", "version: STSv1\rmode: enforce\r" + rest, 1, "bare CR"),
                arguments("whitespace before ':'", "version: STSv1\nmode : enforce\n" + rest, 2, "before ':'"),
                arguments("indented key", "version: STSv1\n  mode: enforce\n" + rest, 2, "begins with whitespace"),
                arguments("duplicate mode: first wins", "version: STSv1\nmode: enforce\nmode: none\n" + rest, 3, "first value is used"),
                arguments("duplicate max_age: first wins", "version: STSv1\nmode: enforce\nmax_age: 604800\n" + rest, 5, "repeated"),
                arguments("line without ':'", "version: STSv1\nmode: enforce\nhello world\n" + rest, 3, "no ':'"),
                arguments("invalid extension key", "version: STSv1\nmode: enforce\nfoo bar: x\n" + rest, 3, "not a valid key name"),
                arguments("upper-case unknown key", "version: STSv1\nmode: enforce\nVERSION: STSv2\n" + rest, 3, "not 'version'"),
                arguments("byte order mark", "\uFEFFversion: STSv1\nmode: enforce\n" + rest, 1, "byte order mark"),
                arguments("trailing dot in mx", "version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 86400\n", 3, "ends with a dot"),
                arguments("U-label mx", "version: STSv1\nmode: enforce\nmx: mx.bücher.example\n" + rest, 3, "xn--bcher-kva"),
                arguments("short max_age", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 300\n", 4, "less than a day"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("toleratedPolicies")
        void shouldAcceptWithWarningWhenDeviationChangesNoMeaning(String reason, String body, int line,
                String expectedText) {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(body);

            assertThat(parsed.isValid()).as(reason + ": " + parsed.describeErrors()).isTrue();
            assertThat(parsed.value().mode()).isEqualTo(PolicyMode.ENFORCE);
            assertThat(parsed.warnings()).as(reason).anySatisfy(w -> {
                assertThat(w.line()).isEqualTo(line);
                assertThat(w.reason()).contains(expectedText);
            });
        }

        @Test
        void shouldUseTheFirstValueWhenKeyIsRepeated() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(
                    lf("version: STSv1", "mode: testing", "mode: enforce", "max_age: 100000", "max_age: 200000",
                            "mx: a.example"));

            assertThat(parsed.value().mode()).isEqualTo(PolicyMode.TESTING);
            assertThat(parsed.value().maxAgeSeconds()).isEqualTo(100000);
        }

        @Test
        void shouldCountBareCrAsLineEndWhenNumberingLines() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse("version: STSv1\rmode: enforce\rmax_age: 86400\r");

            assertThat(parsed.errors()).extracting(ParseError::line).containsExactly(2);
            assertThat(parsed.warnings()).extracting(ParseError::line).containsExactly(1);
        }

        @Test
        void shouldDropByteOrderMarkFromVerbatimLines() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse("\uFEFF" + RFC_EXAMPLE);

            assertThat(parsed.value().lines()).first().isEqualTo("version: STSv1");
            assertThat(List.copyOf(parsed.value().lines())).hasSize(6);
        }
    }

    @Nested
    class WhenThePolicyIsHostile {
        @Test
        void shouldDescribeA64KibPolicyOfBadLinesWithTheFirstFewAndACount() {
            String body = "mx:*\n".repeat(64 * 1024 / 5);

            Parsed<StsPolicy> parsed = StsPolicyParser.parse(body);
            Failure failure = Failure.of(FailureCode.POLICY_INVALID,
                    "the policy file at https://mta-sts.example.test/.well-known/mta-sts.txt is invalid: "
                            + parsed.describeErrors());

            assertThat(parsed.errors()).hasSize(13_110);
            assertThat(parsed.describeErrors()).startsWith("line 1: ").endsWith("; and 13105 more");
            assertThat(failure.sentence().length()).isLessThanOrEqualTo(Failure.SENTENCE_MAX);
            assertThat(failure.sentence()).contains("line 1: ");
            System.out.println("64 KiB 'mx:*' policy: " + parsed.errors().size() + " errors, failure sentence "
                    + failure.sentence().length() + " characters");
        }

        @Test
        void shouldEscapeControlCharactersInTheReasons() {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse("version: STSv1\nmode: enf\u001b[2Jorce\n"
                    + "mx: a.example\nmax_age: 86400\n");

            assertThat(parsed.describeErrors()).doesNotContain("\u001b").contains("\\x1B[2J");
        }
    }
}
