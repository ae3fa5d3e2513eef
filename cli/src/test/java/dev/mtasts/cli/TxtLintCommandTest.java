package dev.mtasts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class TxtLintCommandTest {

    @Test
    void shouldPrintFieldsAndExitZeroWhenRecordIsValid() {
        CapturedRun run = CapturedRun.of("txt", "lint", "v=STSv1; id=20160831085700Z; ext=1");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("txt record: valid", "  id: 20160831085700Z", "  extension: ext=1");
    }

    @Test
    void shouldPrintReasonAndExitTwoWhenRecordIsInvalid() {
        CapturedRun run = CapturedRun.of("txt", "lint", "v=STSv1; id=2016-08-31");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).contains("txt record: INVALID", "errors:", "the id '2016-08-31' contains '-'");
    }

    @Test
    void shouldSelectTheStsRecordWhenSeveralRecordsAreGiven() {
        CapturedRun run = CapturedRun.of("txt", "lint", "v=spf1 -all", "v=STSv1; id=abc;");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("selected: v=STSv1; id=abc;", "id: abc");
    }

    @Test
    void shouldRejectWhenTwoStsRecordsAreGiven() {
        CapturedRun run = CapturedRun.of("txt", "lint", "v=STSv1; id=a", "v=STSv1; id=b", "--json");

        JsonNode json = run.json();
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("errors").get(0).get("reason").asText()).contains("found 2 STSv1 records");
    }

    @Test
    void shouldPrintOneJsonDocumentWhenJsonIsAsked() {
        CapturedRun run = CapturedRun.of("txt", "lint", "--json", "v=STSv1; id=abc; id=def; x=y");

        JsonNode json = run.json();
        assertThat(run.exitCode).as("valid, with warnings (duplicate id, unknown field)").isEqualTo(1);
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("version").asText()).isEqualTo("STSv1");
        assertThat(json.get("id").asText()).isEqualTo("abc");
        assertThat(json.get("extensions").get("x").asText()).isEqualTo("y");
        assertThat(json.get("errors")).isEmpty();
        assertThat(json.get("warnings").get(0).get("reason").asText()).contains("more than one id");
        assertThat(json.get("warnings").get(0).get("line").asInt()).isZero();
    }

    @Test
    void shouldExitThreeWhenNoRecordIsGiven() {
        CapturedRun run = CapturedRun.of("txt", "lint", "--json");

        assertThat(run.exitCode).isEqualTo(3);
        assertThat(run.err).contains("txt lint: give at least one TXT record");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldTreatArgumentsAfterDoubleDashAsRecords() {
        CapturedRun run = CapturedRun.of("txt", "lint", "--", "--json");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).contains("not an MTA-STS record");
    }
}
