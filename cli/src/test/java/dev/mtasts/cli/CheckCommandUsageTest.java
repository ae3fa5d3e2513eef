package dev.mtasts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code check}'s command line: every mistake named on stderr with exit code 3, nothing on stdout. */
class CheckCommandUsageTest {
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "check | give exactly one domain | no domain",
        "check a.test b.test | give exactly one domain | two domains",
        "check example.test --frobnicate | unknown option '--frobnicate' | unknown option",
        "check example.test --timeout | --timeout needs a value | option without value",
        "check example.test --timeout soon | --timeout 'soon' is not a duration | bad duration",
        "check example.test --smtp-port 0 | --smtp-port '0' is not a port | port out of range",
        "check example.test --resolver dns.example | --resolver: 'dns.example' is not a valid DNS server | resolver"
                + " given by name",
        "check example.test --trust-store /nonexistent/trust.p12 | does not exist | missing trust store",
        "check example.test --trust-store-password x | --trust-store-password needs --trust-store | password"
                + " without store",
        "check -- | give exactly one domain | only the end of options",
    })
    void shouldExitThreeWithTheReasonWhenTheCommandLineIsWrong(String line, String expected, String reason) {
        CapturedRun run = CapturedRun.of(line.split(" "));

        assertThat(run.exitCode).as(reason).isEqualTo(3);
        assertThat(run.err).as(reason).contains("check: ").contains(expected).contains("usage: check DOMAIN");
        assertThat(run.out).as(reason).isEmpty();
    }

    @Test
    void shouldPrintUsageAndExitZeroWhenHelpIsAsked() {
        CapturedRun run = CapturedRun.of("check", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("usage: check DOMAIN", "exit 0 pass, 1 warnings, 2 failures, 3 usage");
    }

    @Test
    void shouldListCheckInTheToolsUsage() {
        assertThat(CapturedRun.of("--help").out).contains("check DOMAIN [--resolver IP[:PORT]]...");
    }
}
