package dev.mtasts.core.tlsrpt;

import static dev.mtasts.core.tlsrpt.ReportFixtures.DAY;
import static dev.mtasts.core.tlsrpt.ReportFixtures.DOMAIN;
import static dev.mtasts.core.tlsrpt.ReportFixtures.SUBMITTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReportFileNameTest {
    private static Report report() {
        return new Report("Org", "a@mail.sender.example", "x@y", DAY, DOMAIN, List.of());
    }

    @Test
    void shouldFollowRfc8460Section51WhenTheReportIsWhole() {
        ReportFileName name = ReportFileName.of(SUBMITTER, report(), Optional.empty());

        // 2026-11-27T00:00:00Z = 1795737600 (date -d @1795737600), 23:59:59Z = +86399
        assertThat(name.toString()).isEqualTo("mail.sender.example!company-y.example!1795737600!1795823999.json.gz");
        assertThat(name.day()).isEqualTo(DAY);
    }

    @Test
    void shouldAppendTheUniqueIdWhenTheReportIsAPart() {
        ReportFileName name = ReportFileName.of(SUBMITTER, report(), Optional.of("a1b2-2"));

        assertThat(name.toString()).isEqualTo("mail.sender.example!company-y.example!1795737600!1795823999!a1b2-2.json.gz");
        assertThat(ReportFileName.parse(name.toString()).value()).isEqualTo(name);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "a.example!b.example!1!2.json | not gzip",
        "a.example!b.example!1.json.gz | too few fields",
        "a.example!b.example!1!2!u!v.json.gz | too many fields",
        "a.example!b.example!x!2.json.gz | timestamp not a number",
        "a..example!b.example!1!2.json.gz | submitter not a domain",
        "a.example!b.example!1!2!u v.json.gz | unique-id with a space",
    })
    void shouldRefuseWhenTheNameIsNotAReportFile(String fileName, String why) {
        assertThat(ReportFileName.parse(fileName).isValid()).as(why).isFalse();
    }
}
