package dev.mtasts.core.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.core.Parsed;

/** The interim TLS-RPT record check of step 8 (RFC 8460 §3), record by record. */
class TlsRptCheckTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "v=TLSRPTv1; rua=mailto:tlsrpt@example.test | mailto:tlsrpt@example.test",
        "v=TLSRPTv1;rua=https://reports.example.test/v1 | https://reports.example.test/v1",
        "v=TLSRPTv1; rua=mailto:a@example.test , https://r.example.test/x; | mailto:a@example.test,https://r.example.test/x",
        "v=TLSRPTv1 ; ext=1; rua=mailto:a@example.test | mailto:a@example.test",
    })
    void shouldListTheReportAddressesWhenTheRecordIsValid(String record, String expected) {
        Parsed<List<String>> rua = TlsRptCheck.select(List.of(record, "v=spf1 -all"));

        assertThat(rua.isValid()).as("%s", rua).isTrue();
        assertThat(rua.value()).containsExactlyElementsOf(Arrays.asList(expected.split(",")));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "v=TLSRPTv1; rua=http://r.example.test/ | the scheme 'http:' is not supported | http is not allowed",
        "v=TLSRPTv1; | nothing after the version | rua missing",
        "v=TLSRPTv1;version=2 | has no 'rua=' field | only an extension",
        "v=TLSRPTv1 rua=mailto:a@example.test | begins with 'v=TLSRPTv1;' | no separator after the version",
        "v=TLSRPTv1; rua=mailto: | has no e-mail address | mailto without address",
        "v=TLSRPTv1; rua=mailto:a@example.test mailto:b@example.test | contains whitespace | space instead of comma",
        "v=tlsrptv1; rua=mailto:a@example.test | begins with 'v=TLSRPTv1;' | version is case-sensitive",
        "v=TLSRPTv1; norua | has no '=' | field without '='",
    })
    void shouldGiveTheReasonWhenTheRecordIsMalformed(String record, String expected, String reason) {
        Parsed<List<String>> rua = TlsRptCheck.select(List.of(record));

        assertThat(rua.isValid()).as(reason).isFalse();
        assertThat(rua.errors().get(0).reason()).as(reason).contains(expected);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseTwoRecordsWhenBothBeginWithTheVersion() {
        Parsed<List<String>> rua = TlsRptCheck.select(List.of("v=TLSRPTv1; rua=mailto:a@example.test",
                "v=TLSRPTv1; rua=mailto:b@example.test"));

        assertThat(rua.errors().get(0).reason()).contains("2 TXT records begin with 'v=TLSRPTv1;'");
    }
}
