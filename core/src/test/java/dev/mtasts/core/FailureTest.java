package dev.mtasts.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A failure's text reaches logs, reports and DSNs: it is cleaned and capped once, when the failure is made. */
class FailureTest {
    @Test
    void shouldCapTheSentenceAndEscapeAForgedLogLine() {
        Failure failure = Failure.of(ResultType.VALIDATION_FAILURE, "starttls-failed",
                "the MX said 550 no\r\n2026-12-04 12:00:00 ERROR forged" + "z".repeat(2_000_000));

        assertThat(failure.sentence()).hasSizeLessThanOrEqualTo(Failure.SENTENCE_MAX)
                .startsWith("the MX said 550 no\\x0D\\x0A2026-12-04 12:00:00 ERROR forged").endsWith(" more)");
        assertThat(failure.toString()).doesNotContain("\r", "\n");
    }

    @Test
    void shouldCapTheCode() {
        Failure failure = Failure.of(ResultType.STS_POLICY_FETCH_ERROR, "http-" + "x".repeat(500), "sentence");

        assertThat(failure.code()).hasSizeLessThanOrEqualTo(Failure.CODE_MAX);
    }

    @Test
    void shouldKeepOrdinaryTextAndStayEqual() {
        Failure failure = Failure.of(ResultType.CERTIFICATE_EXPIRED, "certificate-expired", "expired on 2026-01-01");

        assertThat(failure.sentence()).isEqualTo("expired on 2026-01-01");
        assertThat(failure).isEqualTo(Failure.of(ResultType.CERTIFICATE_EXPIRED, "certificate-expired",
                "expired on 2026-01-01"));
    }
}
