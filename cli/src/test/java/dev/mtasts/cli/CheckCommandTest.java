package dev.mtasts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mtasts.testkit.https.TestResponse;

/** {@code check} in-process through {@link Main}, against a real local set-up. */
class CheckCommandTest {
    @TempDir
    Path directory;
    private CheckTestWorld world;

    @BeforeEach
    void start() throws Exception {
        world = new CheckTestWorld(directory);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private static List<String> stepLines(String out) {
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("[")) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Nested
    class Text {
        @Test
        void shouldPassEveryStepAndExitZeroWhenTheSetUpIsHealthy() {
            CapturedRun run = CapturedRun.of(world.args());

            assertThat(run.exitCode).as(run.out + run.err).isZero();
            assertThat(run.err).isEmpty();
            List<String> steps = stepLines(run.out);
            assertThat(steps).hasSize(8).allMatch(line -> line.startsWith("[PASS] "));
            assertThat(steps.get(0)).isEqualTo("[PASS] 1 TXT record _mta-sts.example.test: v=STSv1; id=20260101T000000;");
            assertThat(steps.get(1)).isEqualTo("[PASS] 2 policy host mta-sts.example.test: resolves to 127.0.0.70");
            assertThat(run.out).doesNotContain("cause:", "fix:");
            assertThat(run.out).contains("result: PASS (8 passed, 0 warnings, 0 failed, 0 skipped)");
            assertThat(world.mx.messages()).isEmpty();
        }

        @Test
        void shouldNameTheBrokenStepWithCauseAndFixAndExitTwoWhenTheFileIsMissing() {
            world.web.respond(CheckTestWorld.PATH, TestResponse.status(404));

            CapturedRun run = CapturedRun.of(world.args());

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.out).containsPattern("\\[FAIL\\] 4 HTTP GET https://mta-sts.example.test:\\d+"
                    + "/.well-known/mta-sts.txt: http-status-404\n       cause: https://mta-sts.example.test:\\d+"
                    + "/.well-known/mta-sts.txt answered 404 Not Found: the web server has no file at"
                    + " /.well-known/mta-sts.txt\n       fix:   put the policy file at .well-known/mta-sts.txt");
            assertThat(run.out).contains("[SKIP] 5 policy file: not checked\n       cause: depends on step 4");
            assertThat(run.out).contains("result: FAIL (5 passed, 0 warnings, 1 failed, 2 skipped)");
        }

        @Test
        void shouldExitOneWhenThereAreOnlyWarnings() {
            world.dns.remove("_smtp._tls.example.test");

            CapturedRun run = CapturedRun.of(world.args());

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.out).contains("[WARN] 8 TLS-RPT record _smtp._tls.example.test: NXDOMAIN\n       cause: no"
                    + " TLS-RPT record");
        }

        @Test
        void shouldSkipTheSmtpStepWhenNoSmtpIsGiven() {
            CapturedRun run = CapturedRun.of(world.args("--no-smtp"));

            assertThat(run.exitCode).isZero();
            assertThat(run.out).contains("[SKIP] 7 STARTTLS on the MX hosts of example.test: not checked");
            assertThat(world.mx.connectionCount()).isZero();
        }
    }

    @Nested
    class Json {
        @Test
        void shouldWriteOneDocumentWithTheSameContentWhenJsonIsAsked() {
            world.web.respond(CheckTestWorld.PATH, TestResponse.redirect(301, "https://www.example.test/"));

            CapturedRun run = CapturedRun.of(world.args("--json"));

            JsonNode json = run.json();
            assertThat(run.exitCode).isEqualTo(2);
            assertThat(json.get("domain").asText()).isEqualTo("example.test");
            assertThat(json.get("result").asText()).isEqualTo("fail");
            assertThat(json.get("exit_code").asInt()).isEqualTo(2);
            assertThat(json.get("counts").get("skipped").asInt()).isEqualTo(2);
            JsonNode steps = json.get("steps");
            assertThat(steps).hasSize(8);
            JsonNode http = steps.get(3);
            assertThat(http.get("number").asInt()).isEqualTo(4);
            assertThat(http.get("status").asText()).isEqualTo("fail");
            assertThat(http.get("summary").asText()).isEqualTo("http-redirect-301");
            assertThat(http.get("cause").asText()).contains("redirecting to https://www.example.test/;"
                    + " senders do not follow redirects");
            assertThat(http.get("fix").asText()).startsWith("serve the policy file directly at");
            assertThat(http.get("details")).anyMatch(d -> d.asText().equals("Location: https://www.example.test/"));
            assertThat(steps.get(0).has("cause")).isFalse();
            assertThat(steps.get(4).get("status").asText()).isEqualTo("skipped");
        }

        @Test
        void shouldReportAllPassedWhenTheSetUpIsHealthy() {
            JsonNode json = CapturedRun.of(world.args("--json")).json();

            assertThat(json.get("result").asText()).isEqualTo("pass");
            assertThat(json.get("counts").get("pass").asInt()).isEqualTo(8);
            assertThat(json.get("steps")).allMatch(step -> step.get("status").asText().equals("pass"));
        }
    }

    @Nested
    class HostileInput {
        private String[] argsFor(String domain, String... extra) {
            String[] args = world.args(extra);
            args[1] = domain;
            return args;
        }

        @Test
        void shouldGiveAFindingNotAStackTraceForALongValidName() {
            String label = "a".repeat(63);
            String domain = label + "." + label + "." + label + "." + "b".repeat(59); // 251 characters

            CapturedRun run = CapturedRun.of(argsFor(domain, "--no-smtp"));

            assertThat(run.exitCode).as(run.out + run.err).isEqualTo(2);
            assertThat(run.err).isEmpty();
            assertThat(stepLines(run.out).get(0)).startsWith("[FAIL] 1 TXT record _mta-sts." + domain);
            assertThat(run.out).contains("would be longer than 253 characters: no sender can discover or fetch a"
                    + " policy for this domain").doesNotContain("Exception", "\tat ");
        }

        @Test
        void shouldEscapeControlCharactersFromDnsInsteadOfPrintingThem() {
            world.dns.txt("_mta-sts.evil.test", 300, "v=STSv1; id=1\r\n[PASS] 1 forged\u001b[2J;");

            CapturedRun run = CapturedRun.of(argsFor("evil.test", "--no-smtp"));

            assertThat(run.out).doesNotContain("\u001b").doesNotContain("\n[PASS] 1 forged")
                    .contains("\\x0D\\x0A[PASS] 1 forged\\x1B[2J");
        }

        @Test
        void shouldEscapeAnInvalidDomainInTheUsageError() {
            CapturedRun run = CapturedRun.of("check", "evil\u001b[2J.test");

            assertThat(run.exitCode).isEqualTo(3);
            assertThat(run.err).doesNotContain("\u001b").contains("\\x1B");
        }
    }
}
