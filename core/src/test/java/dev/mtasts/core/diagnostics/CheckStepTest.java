package dev.mtasts.core.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A step quotes remote text (DNS strings, headers, replies): what reaches the terminal and JSON is bounded. */
class CheckStepTest {
    @Test
    void shouldCapAndEscapeEveryLineAndCountTheDetailLinesBeyondFifty() {
        String hostile = "x\r\n[PASS] 9 forged\u001b[2J" + "y".repeat(10_000);
        List<String> details = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            details.add(hostile);
        }

        CheckStep step = CheckStep.fail(4, hostile, hostile, hostile, hostile, details);

        assertThat(List.of(step.title(), step.summary(), step.cause(), step.fix())).allSatisfy(line -> {
            assertThat(line).hasSizeLessThanOrEqualTo(CheckStep.LINE_MAX).startsWith("x\\x0D\\x0A[PASS] 9 forged\\x1B[2J")
                    .doesNotContain("\r", "\n", "\u001b");
        });
        assertThat(step.details()).hasSize(CheckStep.DETAILS_MAX + 1).last().isEqualTo("…and 150 more lines");
        assertThat(step.details()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(CheckStep.LINE_MAX)
                .doesNotContain("\n"));
    }

    @Test
    void shouldKeepOrdinaryTextAsItIs() {
        CheckStep step = CheckStep.pass(1, "TXT record _mta-sts.example.com", "v=STSv1; id=1;", List.of("CNAME: a -> b"));

        assertThat(step.summary()).isEqualTo("v=STSv1; id=1;");
        assertThat(step.details()).containsExactly("CNAME: a -> b");
    }
}
