package dev.mtasts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

class PolicyLintCommandTest {
    private static final String VALID = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\n"
            + "max_age: 604800\n";
    private static final String INVALID = "version: STSv1\nMode: enforce\nmx: mail.example.com\nmax_age: 31557601\n";

    @TempDir
    Path dir;

    private String file(String content) throws IOException {
        Path path = dir.resolve("mta-sts.txt");
        Files.write(path, content.getBytes(StandardCharsets.UTF_8));
        return path.toString();
    }

    @Nested
    class Human {

        @Test
        void shouldPrintFieldsAndExitZeroWhenPolicyIsValid() throws IOException {
            CapturedRun run = CapturedRun.of("policy", "lint", file(VALID));

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("policy: valid", "mode: enforce", "max_age: 604800 (7 days)",
                    "mx: mail.example.com", "mx: *.example.net").doesNotContain("warnings:");
            assertThat(run.err).isEmpty();
        }

        @Test
        void shouldPrintEachErrorWithItsLineAndExitTwoWhenPolicyIsInvalid() throws IOException {
            CapturedRun run = CapturedRun.of("policy", "lint", file(INVALID));

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.out).contains("policy: INVALID", "errors:", "  line 4: max_age 31557601 is larger",
                    "the policy has no 'mode' line", "line 2 has the key 'Mode', but keys must be spelt exactly, case included: write 'mode'", "warnings:",
                    "  line 2: the key 'Mode' is not 'mode' (keys are case-sensitive");
        }

        @Test
        void shouldReadStdinWhenFileIsDash() {
            CapturedRun run = CapturedRun.withStdin(VALID.replace("\n", "\r\n"), "policy", "lint", "-");

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("policy: valid");
        }

        @Test
        void shouldPrintWarningsAndExitOneWhenDeviationIsTolerated() {
            CapturedRun run = CapturedRun.withStdin("version: STSv1\n\nmode: testing\nmx: a.example\nmax_age: 86400\n",
                    "policy", "lint", "-");

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.out).contains("policy: valid", "warnings:", "  line 2: the line is blank");
        }

        @Test
        void shouldSayWhichHostsThePolicyAllowsWhenMxIsGiven() {
            CapturedRun run = CapturedRun.withStdin(VALID, "policy", "lint", "-", "--mx", "MAIL.example.com",
                    "mx1.example.net", "a.b.example.net");

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("mx check:", "  MAIL.example.com: allowed (matches mail.example.com)",
                    "  mx1.example.net: allowed (matches *.example.net)",
                    "  a.b.example.net: NOT allowed (matches no mx pattern)");
        }

        @Test
        void shouldSkipMxCheckWhenPolicyIsInvalid() {
            CapturedRun run = CapturedRun.withStdin(INVALID, "policy", "lint", "-", "--mx", "mail.example.com");

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.out).contains("mx check: skipped, the policy is invalid");
        }

        @Test
        void shouldWarnWhenFileIsNotUtf8() throws IOException {
            Path path = dir.resolve("latin1.txt");
            Files.write(path, "version: STSv1\nmode: none\nmax_age: 86400\nnote: caf\u00e9\n"
                    .getBytes(StandardCharsets.ISO_8859_1));

            CapturedRun run = CapturedRun.of("policy", "lint", path.toString());

            assertThat(run.exitCode).as("a valid policy with a warning").isEqualTo(1);
            assertThat(run.out).contains("line 4: the file is not valid UTF-8");
        }
    }

    @Nested
    class Json {

        @Test
        void shouldPrintOneJsonDocumentWhenPolicyIsValid() {
            CapturedRun run = CapturedRun.withStdin(VALID, "policy", "lint", "-", "--json", "--mx", "mail.example.com",
                    "other.example.org");

            JsonNode json = run.json();
            assertThat(run.exitCode).isZero();
            assertThat(json.get("valid").asBoolean()).isTrue();
            assertThat(json.get("version").asText()).isEqualTo("STSv1");
            assertThat(json.get("mode").asText()).isEqualTo("enforce");
            assertThat(json.get("max_age").asLong()).isEqualTo(604800L);
            assertThat(json.get("mx")).extracting(JsonNode::asText).containsExactly("mail.example.com", "*.example.net");
            assertThat(json.get("errors")).isEmpty();
            assertThat(json.get("warnings")).isEmpty();
            assertThat(json.get("mx_allowed").get("mail.example.com").asBoolean()).isTrue();
            assertThat(json.get("mx_allowed").get("other.example.org").asBoolean()).isFalse();
        }

        @Test
        void shouldListErrorsWithLinesWhenPolicyIsInvalid() {
            CapturedRun run = CapturedRun.withStdin(INVALID, "policy", "lint", "--json", "-");

            JsonNode json = run.json();
            assertThat(run.exitCode).isEqualTo(2);
            assertThat(json.get("valid").asBoolean()).isFalse();
            assertThat(json.has("mode")).isFalse();
            assertThat(json.get("errors")).anySatisfy(e -> {
                assertThat(e.get("line").asInt()).isEqualTo(4);
                assertThat(e.get("reason").asText()).contains("31557601");
            });
            assertThat(json.get("warnings")).anySatisfy(w -> assertThat(w.get("line").asInt()).isEqualTo(2));
        }
    }

    @Nested
    class Usage {

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', value = {
            "policy lint                                  | no file",
            "policy lint a.txt b.txt                      | two files",
            "policy lint - --frobnicate                   | unknown option",
            "policy lint - --mx                           | --mx without a host",
            "policy lint - --mx not_a@host                | --mx with an invalid host",
            "policy lint /nonexistent/mta-sts.txt         | missing file",
        })
        void shouldExitThreeWithMessageOnStderrWhenCommandLineIsWrong(String commandLine, String reason) {
            CapturedRun run = CapturedRun.withStdin(VALID, commandLine.split(" "));

            assertThat(run.exitCode).as(reason).isEqualTo(3);
            assertThat(run.err).as(reason).startsWith("policy lint: ").contains("usage: policy lint");
            assertThat(run.out).as(reason).isEmpty();
        }

        @Test
        void shouldExitThreeWhenFileIsADirectory() {
            CapturedRun run = CapturedRun.of("policy", "lint", dir.toString());

            assertThat(run.exitCode).isEqualTo(3);
            assertThat(run.err).contains("is a directory");
        }

        @Test
        void shouldNameTheMissingFileWhenItDoesNotExist() {
            CapturedRun run = CapturedRun.of("policy", "lint", "/nonexistent/mta-sts.txt");

            assertThat(run.err).contains("cannot read '/nonexistent/mta-sts.txt': no such file");
        }

        @Test
        void shouldPrintUsageAndExitZeroWhenHelpIsAsked() {
            CapturedRun run = CapturedRun.of("policy", "lint", "--help");

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("usage: policy lint FILE|-");
        }
    }
}
