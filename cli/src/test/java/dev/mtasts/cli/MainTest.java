package dev.mtasts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    @Test
    void shouldPrintUsageOnStderrAndExitThreeWhenNoCommandIsGiven() {
        CapturedRun run = CapturedRun.of();

        assertThat(run.exitCode).isEqualTo(3);
        assertThat(run.err).contains("usage:", "policy lint FILE|-", "txt lint");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldExitThreeWhenCommandIsUnknown() {
        CapturedRun run = CapturedRun.of("policy", "frobnicate");

        assertThat(run.exitCode).isEqualTo(3);
        assertThat(run.err).contains("unknown command 'policy frobnicate'", "usage:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void shouldPrintUsageOnStdoutWhenHelpIsAsked(String flag) {
        CapturedRun run = CapturedRun.of(flag);

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("policy lint", "txt lint", "0 nothing wrong, 1 warnings only, 2 something wrong");
    }
}
