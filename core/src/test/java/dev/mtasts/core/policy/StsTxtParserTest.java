package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;

class StsTxtParserTest {

    @Nested
    class Parse {

        @ParameterizedTest(name = "''{0}'' -> id {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // RFC 8461 §3.1 example first
            "v=STSv1; id=20160831085700Z;                  | 20160831085700Z",
            "v=STSv1; id=20160831085700Z                   | 20160831085700Z",
            "v=STSv1;id=abc                                | abc",
            "\"v=STSv1 ;\tid=abc\t; \"                     | abc",
            "v=STSv1; id=12345678901234567890123456789012  | 12345678901234567890123456789012",
            "v=STSv1; ext=foo; id=abc                      | abc",
            "v=STSv1; id=abc; ID=def                       | abc",
        })
        void shouldParseWhenRecordIsValid(String record, String id) {
            Parsed<StsTxtRecord> parsed = StsTxtParser.parse(record);

            assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
            assertThat(parsed.value().id()).isEqualTo(id);
            assertThat(parsed.value().text()).isEqualTo(record);
            assertThat(parsed.warnings()).isEmpty();
        }

        @Test
        void shouldKeepExtensionsInOrderWhenRecordHasSeveral() {
            Parsed<StsTxtRecord> parsed = StsTxtParser.parse("v=STSv1; zz=1; id=abc; aa=2; mm=3");

            assertThat(parsed.value().extensions()).containsExactly(Map.entry("zz", "1"), Map.entry("aa", "2"),
                    Map.entry("mm", "3"));
        }

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                                 | empty record                        | empty",
            "id=abc; v=STSv1                      | v not first                         | must be the first field",
            "v=STSv10; id=abc                     | version STSv10                      | 'v=STSv10'",
            "v=STSv2; id=abc                      | other version                       | does not begin with 'v=STSv1'",
            "V=STSv1; id=abc                      | version key upper-case              | case-sensitive",
            "v=stsv1; id=abc                      | version value lower-case            | case-sensitive",
            "\" v=STSv1; id=abc\"                 | leading space                       | begins with whitespace",
            "v=STSv1                              | no fields at all                    | no id field",
            "v=STSv1;                             | only the version                    | no id field",
            "v=STSv1 id=abc                       | missing ';' after version           | separated by ';'",
            "v=STSv1; id=abc-def                  | id with '-'                         | contains '-'",
            "v=STSv1; id=123456789012345678901234567890123 | 33-character id            | 33 characters",
            "v=STSv1; id=                         | empty id                            | id is empty",
            "v=STSv1; ID=abc                      | id key upper-case is an extension   | case-sensitive",
            "v=STSv1; foo=bar                     | no id                               | no id field",
            "v=STSv1; id=abc; foo=bar baz         | extension value with a space        | contains whitespace",
            "v=STSv1; id=abc def                  | id with a space                     | contains whitespace",
            "v=STSv1; id=abc; foo                 | field without '='                   | has no '='",
            "v=STSv1; id=abc; foo=                | extension with empty value          | empty value",
            "v=STSv1; id=abc; foo=a=b             | '=' inside an extension value       | contains '='",
            "v=STSv1; id=abc; =bar                | extension without name              | no name",
            "v=STSv1; id=abc; _foo=bar            | extension name starts with '_'      | must begin with a letter",
            "v=STSv1; id=abc; fo@o=bar            | '@' in extension name               | contains '@'",
            "v=STSv1; id=abc; a23456789012345678901234567890123=x | 33-character name   | longer than 32",
            "v=STSv1; id=abcé                     | non-ASCII (Unicode) in id           | non-ASCII",
            "v=STSv1; id=abc; x=Ã©                | non-ASCII octets (ISO-8859-1 view)  | U+00C3",
        })
        void shouldRejectWhenRecordBreaksTheGrammar(String record, String reason, String expectedText) {
            Parsed<StsTxtRecord> parsed = StsTxtParser.parse(record);

            assertThat(parsed.isValid()).as(reason).isFalse();
            assertThat(parsed.describeErrors()).as(reason).contains(expectedText);
        }

        @Test
        void shouldAcceptEveryCharacterTheAbnfAllowsWhenInAnExtensionValue() {
            StringBuilder value = new StringBuilder();
            for (char c = 0x21; c <= 0x7e; c++) {
                if (c != ';' && c != '=') {
                    value.append(c);
                }
            }
            Parsed<StsTxtRecord> parsed = StsTxtParser.parse("v=STSv1; id=abc; x.y_z-1=" + value);

            assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
            assertThat(parsed.value().extensions()).containsEntry("x.y_z-1", value.toString());
        }

        @ParameterizedTest(name = "control character {0}")
        @CsvSource({"0", "10", "13", "127"})
        void shouldRejectWhenRecordContainsAControlCharacter(int code) {
            Parsed<StsTxtRecord> parsed = StsTxtParser.parse("v=STSv1; id=abc" + (char) code);

            assertThat(parsed.describeErrors()).contains("control character").contains("position 16");
        }

        @Test
        void shouldRejectWhenRecordIsNull() {
            assertThat(StsTxtParser.parse(null).isValid()).isFalse();
        }

        @Test
        void shouldSayWhatACorrectRecordLooksLikeWhenVersionIsMissing() {
            Parsed<StsTxtRecord> parsed = StsTxtParser.parse("v=spf1 -all");

            assertThat(parsed.errors()).extracting(ParseError::reason).singleElement().asString()
                    .contains("not an MTA-STS record").contains("v=STSv1; id=");
        }

        @Test
        void shouldAcceptSplitStringsWhenResolverJoinedThem() {
            // RFC 8461 §3.1: strings of one TXT record are concatenated without spaces ("v=STSv1; i" "d=abc").
            String joined = String.join("", "v=STSv1; i", "d=20160831", "085700Z;");

            assertThat(StsTxtParser.parse(joined).value().id()).isEqualTo("20160831085700Z");
        }
    }

    @Nested
    class Warnings {

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "v=STSv1; id=abc; id=def              | duplicate id: the first wins        | abc   | more than one id",
            "\"v=STSv1; id=abc \"                 | trailing space without final ';'    | abc   | ends in whitespace",
            "v=STSv1;; id=abc                     | empty field                         | abc   | empty field",
            "v=STSv1; id=abc; x=1; x=2            | duplicate extension                 | abc   | more than once",
        })
        void shouldAcceptWithWarningWhenDeviationChangesNoMeaning(String record, String reason, String id,
                String warning) {
            Parsed<StsTxtRecord> parsed = StsTxtParser.parse(record);

            assertThat(parsed.isValid()).as(reason + ": " + parsed.describeErrors()).isTrue();
            assertThat(parsed.value().id()).isEqualTo(id);
            assertThat(parsed.warnings()).extracting(ParseError::reason).anyMatch(r -> r.contains(warning));
        }
    }

    @Nested
    class Select {

        @Test
        void shouldPickTheStsRecordWhenItStandsBesideAnSpfRecord() {
            Parsed<StsTxtRecord> parsed = StsTxtParser.select(
                    List.of("v=spf1 include:_spf.example.com -all", "v=STSv1; id=20160831085700Z;"));

            assertThat(parsed.value().id()).isEqualTo("20160831085700Z");
        }

        @Test
        void shouldRejectWhenTwoStsRecordsArePublished() {
            Parsed<StsTxtRecord> parsed = StsTxtParser.select(
                    List.of("v=STSv1; id=one", "v=spf1 -all", "v=STSv1; id=two"));

            assertThat(parsed.isValid()).isFalse();
            assertThat(parsed.describeErrors()).contains("found 2 STSv1 records among 3 TXT records")
                    .contains("exactly one is allowed");
        }

        @Test
        void shouldRejectWhenNoRecordIsStsv1() {
            Parsed<StsTxtRecord> parsed = StsTxtParser.select(List.of("v=spf1 -all", "google-site-verification=x"));

            assertThat(parsed.describeErrors()).contains("no STSv1 record among 2 TXT records");
        }

        @Test
        void shouldRejectWhenThereAreNoRecords() {
            assertThat(StsTxtParser.select(List.of()).describeErrors()).contains("no STSv1 record among 0 TXT records");
            assertThat(StsTxtParser.select(null).isValid()).isFalse();
        }

        @Test
        void shouldCountRecordWhenWhitespacePrecedesTheFirstSemicolon() {
            // SPEC-GAP in StsTxtParser.select: "v=STSv1 ;" is valid by the ABNF, so it is an STSv1 record.
            assertThat(StsTxtParser.select(List.of("v=STSv1 ; id=abc")).value().id()).isEqualTo("abc");
        }

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', value = {
            "v=STSv10; id=abc | version STSv10 is discarded          | 'v=STSv10'",
            "V=STSv1; id=abc  | upper-case V is discarded            | case-sensitive",
            "v=STSv1 id=abc   | no ';' after the version: discarded  | separated by ';'",
        })
        void shouldExplainDiscardedNearMissWhenNoRecordRemains(String record, String reason, String expected) {
            Parsed<StsTxtRecord> parsed = StsTxtParser.select(List.of(record));

            assertThat(parsed.isValid()).as(reason).isFalse();
            assertThat(parsed.describeErrors()).as(reason).contains("no STSv1 record among 1 TXT record")
                    .contains("looks like an MTA-STS record").contains(expected);
        }

        @Test
        void shouldParseTheSelectedRecordWhenItIsInvalid() {
            Parsed<StsTxtRecord> parsed = StsTxtParser.select(Arrays.asList(null, "v=STSv1; id=a-b"));

            assertThat(parsed.describeErrors()).contains("contains '-'");
        }
    }
}
