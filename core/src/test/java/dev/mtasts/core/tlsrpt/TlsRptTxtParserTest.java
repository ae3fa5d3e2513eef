package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.core.Parsed;

class TlsRptTxtParserTest {

    private static List<String> uris(Parsed<TlsRptTxtRecord> parsed) {
        return parsed.value().rua().stream().map(ReportUri::uri).collect(Collectors.toList());
    }

    @Nested
    class ValidRecords {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            // RFC 8460 §3.1 examples first
            "v=TLSRPTv1;rua=mailto:reports@example.com | mailto:reports@example.com",
            "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt | https://reporting.example.com/v1/tlsrpt",
            "v=TLSRPTv1; rua=mailto:reports@example.com,https://reporting.example.com/v1/tlsrpt"
                    + " | mailto:reports@example.com https://reporting.example.com/v1/tlsrpt",
            "v=TLSRPTv1;rua=mailto:a@example.com ,\t https://r.example.com/x | mailto:a@example.com https://r.example.com/x",
            "v=TLSRPTv1 ; rua=mailto:a@example.com | mailto:a@example.com",
            "v=TLSRPTv1;rua=mailto:a@example.com; | mailto:a@example.com",
            "v=TLSRPTv1;rua=mailto:a@example.com ;  | mailto:a@example.com",
            "v=TLSRPTv1;ext-1.x=val;rua=mailto:a@example.com;future=v2 | mailto:a@example.com",
            "v=TLSRPTv1;rua=MAILTO:a@example.com | MAILTO:a@example.com",
            "v=TLSRPTv1;rua=https://r.example.com/a%21b%2Cc%3Bd | https://r.example.com/a%21b%2Cc%3Bd",
            "v=TLSRPTv1;rua=mailto:a@example.com?subject=tls | mailto:a@example.com?subject=tls",
            "v=TLSRPTv1;rua=mailto:a@example.com,mailto:a@example.com | mailto:a@example.com",
        })
        void shouldReturnTheRuaWhenTheRecordIsValid(String record, String expected) {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse(record);

            assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
            assertThat(uris(parsed)).containsExactly(expected.split(" "));
            assertThat(parsed.value().text()).isEqualTo(record);
        }

        @Test
        void shouldDecodeTheMailboxesWhenAMailtoNamesSeveral() {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse("v=TLSRPTv1;rua=mailto:a@example.com%2Cb@example.org");

            assertThat(parsed.value().rua().get(0).mailboxes()).containsExactly("a@example.com", "b@example.org");
            assertThat(parsed.value().rua().get(0).scheme()).isEqualTo(ReportUri.Scheme.MAILTO);
        }

        @Test
        void shouldSkipUnsupportedUrisWithAReasonWhenAnotherIsUsable() {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse(
                    "v=TLSRPTv1;rua=ftp://r.example.com/x,http://r.example.com/x,mailto:a@example.com");

            assertThat(uris(parsed)).containsExactly("mailto:a@example.com");
            assertThat(parsed.value().skipped()).hasSize(2);
            assertThat(parsed.value().skipped().get(0)).contains("ftp:").contains("not supported");
            assertThat(parsed.value().skipped().get(1)).contains("http:").contains("not supported");
        }
    }

    @Nested
    class SkippedUris {
        @Test
        void shouldSkipAnEmptyUriWhenACommaIsDoubled() {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse(
                    "v=TLSRPTv1;rua=mailto:a@example.com,,https://r.example.com/");

            assertThat(uris(parsed)).containsExactly("mailto:a@example.com", "https://r.example.com/");
            assertThat(parsed.value().skipped()).singleElement().asString().contains("empty URI");
        }
    }

    @Nested
    class InvalidRecords {
        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', value = {
            "'' | empty record | empty",
            "v=TLSRPTv2;rua=mailto:a@example.com | wrong version | does not begin",
            "v=tlsrptv1;rua=mailto:a@example.com | version is case-sensitive | does not begin",
            "rua=mailto:a@example.com;v=TLSRPTv1 | version not first | does not begin",
            "v=TLSRPTv1 | no field at all | no 'rua='",
            "v=TLSRPTv1; | only a trailing delimiter | empty",
            "v=TLSRPTv1;id=1 | no rua | no 'rua='",
            "v=TLSRPTv1;RUA=mailto:a@example.com | rua is case-sensitive, so this is an extension | no 'rua='",
            "v=TLSRPTv1;;rua=mailto:a@example.com | empty field | empty",
            "v=TLSRPTv1;rua=mailto:a@example.com;; | two trailing delimiters | empty",
            "v=TLSRPTv1;rua | field without = | no '='",
            "v=TLSRPTv1;rua=mailto:a@example.com;-x=1 | bad extension name | extension name",
            "v=TLSRPTv1;rua=mailto:a@example.com;x=a b | space in an extension value | extension",
            "v=TLSRPTv1;rua=mailto:a@example.com;x= | empty extension value | empty",
            "v=TLSRPTv1;rua=mailto:a@example.com;rua=mailto:b@example.com | two rua fields | 2 'rua=' fields",
            "v=TLSRPTv1;rua= | empty rua | no usable URI",
            "v=TLSRPTv1;rua=http://r.example.com/x | http is not https | not supported",
            "v=TLSRPTv1;rua=ftp://r.example.com/x | unsupported scheme | not supported",
            "v=TLSRPTv1;rua=r.example.com/x | no scheme | no scheme",
            "v=TLSRPTv1;rua=https://r.example.com/a!b | literal ! in a URI | %21",
            "v=TLSRPTv1;rua=https:///nohost | https without host | host",
            "v=TLSRPTv1;rua=https://r.example.com/a b | space inside a URI | contains whitespace",
            "v=TLSRPTv1;rua=mailto:not-an-address | mailbox without domain | mailbox",
            "v=TLSRPTv1;rua=mailto:a@example.com%2 | truncated percent-encoding | escape",
            "v=TLSRPTv1;rua=mailto:a@example.com%2C | empty second mailbox | mailbox",
        })
        void shouldRefuseTheRecordWithAReasonWhenItBreaksRfc8460Section3(String record, String why, String reason) {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse(record);

            assertThat(parsed.isValid()).as(why).isFalse();
            assertThat(parsed.describeErrors()).as(why).contains(reason);
        }

        @Test
        void shouldRefuseNonAsciiWhenTheRecordHasAByteAbove0x7f() {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse("v=TLSRPTv1;rua=mailto:r\u00e9@example.com");

            assertThat(parsed.describeErrors()).contains("\\xe9").contains("US-ASCII");
        }
    }

    @Nested
    class RecordSelection {
        @Test
        void shouldIgnoreOtherTxtRecordsWhenExactlyOneIsTlsRpt() {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parseRecords(List.of("v=spf1 -all",
                    "v=TLSRPTv1;rua=mailto:a@example.com", "v=TLSRPTv10;rua=mailto:b@example.com"));

            assertThat(uris(parsed)).containsExactly("mailto:a@example.com");
        }

        @Test
        void shouldRefuseWhenTwoRecordsAreTlsRpt() {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parseRecords(List.of(
                    "v=TLSRPTv1;rua=mailto:a@example.com", "v=TLSRPTv1;rua=mailto:b@example.com"));

            assertThat(parsed.describeErrors()).contains("2 TXT records").contains("exactly one");
        }

        @Test
        void shouldRefuseWhenNoRecordIsTlsRpt() {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parseRecords(List.of("v=spf1 -all"));

            assertThat(parsed.describeErrors()).contains("none of the 1 TXT record");
        }

        @Test
        void shouldGiveTheReasonWhenTheOnlyTlsRptRecordIsInvalid() {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parseRecords(List.of("v=TLSRPTv1;rua=ftp://x.example"));

            assertThat(parsed.describeErrors()).contains("no usable URI").contains("ftp:");
        }
    }

    @Nested
    class Totality {
        @Test
        void shouldNeverThrowWhenGivenRandomRecordsBuiltFromTheGrammarsCharacters() {
            String alphabet = "v=TLSRPTv1;rua=mailto:https://a@b.c,!%2C%ZZ?#[] \t\u00e9\u0000x-_.";
            java.util.Random random = new java.util.Random(8460);
            for (int i = 0; i < 20_000; i++) {
                StringBuilder record = new StringBuilder(random.nextBoolean() ? "v=TLSRPTv1;" : "");
                int length = random.nextInt(40);
                for (int j = 0; j < length; j++) {
                    record.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse(record.toString());
                assertThat(parsed.isValid() ? parsed.value().rua() : parsed.errors()).as(record.toString()).isNotEmpty();
            }
        }
    }

    @Nested
    class SingleUri {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "mailto:a@example.com | true",
            "https://r.example.com/v1 | true",
            "https://r.example.com/a!b | false",
            "mailto:a@example.com,mailto:b@example.com | false",
            "gopher://x.example | false",
        })
        void shouldParseOneUriWhenReadBackFromAStatus(String uri, boolean valid) {
            assertThat(TlsRptTxtParser.parseUri(uri).isValid()).isEqualTo(valid);
        }
    }
}
