package dev.mtasts.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.tls.CertificateProblem;

/** A failure's text reaches logs, reports and DSNs: it is cleaned and capped once, when the failure is made. */
class FailureTest {
    @Test
    void shouldCapTheSentenceAndEscapeAForgedLogLine() {
        Failure failure = Failure.of(FailureCode.TLS_HANDSHAKE_FAILED,
                "the MX said 550 no\r\n2026-12-04 12:00:00 ERROR forged" + "z".repeat(2_000_000));

        assertThat(failure.sentence()).hasSizeLessThanOrEqualTo(Failure.SENTENCE_MAX)
                .startsWith("the MX said 550 no\\x0D\\x0A2026-12-04 12:00:00 ERROR forged").endsWith(" more)");
        assertThat(failure.toString()).doesNotContain("\r", "\n");
    }

    @Test
    void shouldNumberTheHttpFamiliesAndRefuseAMissingNumber() {
        Failure failure = Failure.of(FailureCode.HTTP_STATUS, 404, "the policy host answered 404");

        assertThat(failure.code()).isEqualTo("http-status-404");
        assertThat(failure.resultType()).isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
        assertThatThrownBy(() -> Failure.of(FailureCode.HTTP_REDIRECT, "no number"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Failure.of(FailureCode.MX_NOT_IN_POLICY, 1, "a number"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepOrdinaryTextAndStayEqual() {
        Failure failure = Failure.of(FailureCode.CERTIFICATE_EXPIRED, "expired on 2026-01-01");

        assertThat(failure.sentence()).isEqualTo("expired on 2026-01-01");
        assertThat(failure.code()).isEqualTo("certificate-expired");
        assertThat(failure.resultType()).isEqualTo(ResultType.CERTIFICATE_EXPIRED);
        assertThat(failure).isEqualTo(Failure.of(FailureCode.CERTIFICATE_EXPIRED, "expired on 2026-01-01"));
        assertThat(failure).isNotEqualTo(Failure.of(FailureCode.POLICY_CERTIFICATE_EXPIRED, "expired on 2026-01-01"));
    }

    @Test
    void shouldGiveEveryCodeAShortWireCodeAndOneResultTypePerWireCodeAndSide() {
        Set<String> seen = new HashSet<>();
        for (FailureCode code : FailureCode.values()) {
            assertThat(code.wireCode()).matches("[a-z0-9-]+").hasSizeLessThan(Failure.CODE_MAX - 4);
            assertThat(seen.add(code.wireCode() + " " + code.resultType())).as(code.name()).isTrue();
        }
    }

    @Test
    void shouldMapEveryCertificateProblemToOneMxCodeAndOneSts_WebpkiCode() {
        // RFC 8460 §4.3.2: the policy host's certificate problems are all sts-webpki-invalid; §4.3.1 for MX hosts.
        for (CertificateProblem.Kind kind : CertificateProblem.Kind.values()) {
            assertThat(kind.policyHostCode().resultType()).isEqualTo(ResultType.STS_WEBPKI_INVALID);
            assertThat(kind.mxHostCode().resultType()).isNotEqualTo(ResultType.STS_WEBPKI_INVALID);
            assertThat(kind.mxHostCode().wireCode()).isEqualTo(kind.policyHostCode().wireCode());
        }
        assertThat(CertificateProblem.Kind.HOST_MISMATCH.mxHostCode().resultType())
                .isEqualTo(ResultType.CERTIFICATE_HOST_MISMATCH);
    }
}
