package dev.mtasts.core.tlsrpt.record;

import static dev.mtasts.core.tlsrpt.record.Rounds.DOMAIN;
import static dev.mtasts.core.tlsrpt.record.Rounds.EXPIRED;
import static dev.mtasts.core.tlsrpt.record.Rounds.UNVALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.VALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.connected;
import static dev.mtasts.core.tlsrpt.record.Rounds.notContacted;
import static dev.mtasts.core.tlsrpt.record.Rounds.policy;
import static dev.mtasts.core.tlsrpt.record.Rounds.round;
import static dev.mtasts.core.tlsrpt.record.Rounds.unreachable;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.SessionResult;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.policy.PolicyMode;

class SessionMapperTest {
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private static final PolicyLookup ENFORCE = PolicyLookup.policy(policy(PolicyMode.ENFORCE, "id1"));
    private static final PolicyLookup TESTING = PolicyLookup.policy(policy(PolicyMode.TESTING, "id1"));
    private static final PolicyLookup NONE = PolicyLookup.policy(policy(PolicyMode.NONE, "id1"));
    private static final PolicyLookup NO_POLICY = PolicyLookup.noPolicy();
    private static final PolicyLookup UNKNOWN = PolicyLookup.temporarilyUnknown(
            Failure.of(FailureCode.HTTP_STATUS, 500, "the policy host answered 500"));
    private static final Failure NO_STARTTLS = Failure.of(FailureCode.STARTTLS_NOT_SUPPORTED,
            "mx1.example.com does not offer STARTTLS; the MTA-STS policy requires TLS");

    static Stream<Arguments> attempts() {
        return Stream.of(
                Arguments.of("enforce, validated TLS: RFC 8460 §4.4 successful session", ENFORCE,
                        connected(T, Outcome.DELIVERED, VALIDATED, null), "sts", "success"),
                Arguments.of("enforce, expired certificate, aborted: §4.3.1 certificate-expired", ENFORCE,
                        connected(T, Outcome.TLS_FAILED, UNVALIDATED, EXPIRED), "sts", "certificate-expired"),
                Arguments.of("enforce, MX outside the policy, not contacted: validation-failure", ENFORCE,
                        notContacted("other.example.net", T), "sts", "validation-failure"),
                Arguments.of("enforce, no STARTTLS: starttls-not-supported", ENFORCE,
                        connected(T, Outcome.TLS_FAILED, null, NO_STARTTLS), "sts", "starttls-not-supported"),
                Arguments.of("enforce, TCP connect failed: no TLS negotiation, no session", ENFORCE,
                        unreachable(T), "sts", "none"),
                Arguments.of("enforce, TLS up but not validated and no reason given: validation-failure", ENFORCE,
                        connected(T, Outcome.DELIVERED, UNVALIDATED, null), "sts", "validation-failure"),
                Arguments.of("testing, delivered despite an expired certificate: still a failed session", TESTING,
                        connected(T, Outcome.DELIVERED, UNVALIDATED, EXPIRED), "sts", "certificate-expired"),
                Arguments.of("testing, delivered in plaintext: starttls-not-supported", TESTING,
                        connected(T, Outcome.DELIVERED, null, NO_STARTTLS), "sts", "starttls-not-supported"),
                Arguments.of("no policy, unvalidated TLS: success (opportunistic TLS checks no certificate)",
                        NO_POLICY, connected(T, Outcome.DELIVERED, UNVALIDATED, null), "no-policy-found", "success"),
                Arguments.of("no policy, certificate problem seen but not required: success", NO_POLICY,
                        connected(T, Outcome.DELIVERED, UNVALIDATED, EXPIRED), "no-policy-found", "success"),
                Arguments.of("no policy, plaintext delivery: the MX offered no STARTTLS", NO_POLICY,
                        Rounds.plaintext(T, Outcome.DELIVERED), "no-policy-found", "starttls-not-supported"),
                Arguments.of("no policy, EHLO answered, STARTTLS offered, handshake failed: no session", NO_POLICY,
                        connected(T, Outcome.CONNECTION_FAILED, null, null), "no-policy-found", "none"),
                Arguments.of("no policy, TCP connect failed: no session", NO_POLICY, unreachable(T),
                        "no-policy-found", "none"),
                Arguments.of("mode none counts as no-policy-found (RFC 8461 §5)", NONE,
                        connected(T, Outcome.DELIVERED, VALIDATED, null), "no-policy-found", "success"),
                Arguments.of("policy temporarily unknown: no-policy-found", UNKNOWN,
                        connected(T, Outcome.REJECTED, VALIDATED, null), "no-policy-found", "success"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void shouldMapEachAttemptToItsSessionWhenRecorded(String reason, PolicyLookup lookup, AttemptResult attempt,
            String policyType, String expected) {
        DomainDelivery round = round(lookup, attempt);

        List<SessionResult> sessions = SessionMapper.sessions(round);

        if (expected.equals("none")) {
            assertThat(sessions).as(reason).isEmpty();
            return;
        }
        assertThat(sessions).as(reason).hasSize(1);
        SessionResult session = sessions.get(0);
        assertThat(session.policy().policyType()).as(reason).isEqualTo(policyType);
        assertThat(session.time()).isEqualTo(T);
        assertThat(session.isSuccess() ? "success" : session.failureDetail().get().resultType().wireName())
                .as(reason).isEqualTo(expected);
    }

    @Test
    void shouldFillEveryFailureDetailFieldWhenTheAttemptConnected() {
        DomainDelivery round = round(ENFORCE, connected(T, Outcome.TLS_FAILED, UNVALIDATED, EXPIRED));

        FailureDetailKey detail = SessionMapper.sessions(round).get(0).failureDetail().get();

        assertThat(detail.resultType()).isEqualTo(ResultType.CERTIFICATE_EXPIRED);
        assertThat(detail.sendingMtaIp()).contains(Rounds.LOCAL_IP);
        assertThat(detail.receivingIp()).contains(Rounds.MX_IP);
        assertThat(detail.receivingMxHostname()).contains(Rounds.MX);
        assertThat(detail.receivingMxHelo()).contains(Rounds.MX);
        assertThat(detail.failureReasonCode()).contains("certificate-expired");
    }

    @Test
    void shouldKeepOnlyTheHostnameWhenTheMxWasNotContacted() {
        DomainDelivery round = round(ENFORCE, notContacted("other.example.net", T));

        FailureDetailKey detail = SessionMapper.sessions(round).get(0).failureDetail().get();

        assertThat(detail.receivingMxHostname()).contains("other.example.net");
        assertThat(detail.failureReasonCode()).contains("mx-not-in-policy");
        assertThat(detail.sendingMtaIp()).isEmpty();
        assertThat(detail.receivingIp()).isEmpty();
        assertThat(detail.receivingMxHelo()).isEmpty();
    }

    @Test
    void shouldKeyStsSessionsByThePolicyLinesAndMxPatternsWhenAPolicyApplied() {
        PolicyKey key = SessionMapper.policyKey(round(ENFORCE));

        assertThat(key.policyType()).isEqualTo(PolicyKey.STS);
        assertThat(key.policyDomain()).isEqualTo(DOMAIN);
        assertThat(key.policyStrings()).containsExactly("version: STSv1", "mode: enforce", "mx: mx1.example.com",
                "mx: *.backup.example.com", "max_age: 86400");
        assertThat(key.mxHosts()).containsExactly("mx1.example.com", "*.backup.example.com");
    }

    @Test
    void shouldListOneSessionPerCountedAttemptInOrderWhenARoundTriedSeveralHosts() {
        DomainDelivery round = round(ENFORCE, notContacted("other.example.net", T), unreachable(T),
                connected(T, Outcome.DELIVERED, VALIDATED, null));

        List<SessionResult> sessions = SessionMapper.sessions(round);

        assertThat(sessions).extracting(SessionResult::isSuccess).containsExactly(false, true);
    }

    @Nested
    class FetchFailures {
        private final Failure fetchError = Failure.of(FailureCode.HTTP_STATUS, 404,
                "https://mta-sts.example.com/.well-known/mta-sts.txt answered 404");

        @Test
        void shouldCountUnderTheCachedPolicyWhenOneIsInForce() {
            SessionResult session = SessionMapper.fetchFailure(DOMAIN, fetchError,
                    Optional.of(policy(PolicyMode.ENFORCE, "id1")), T);

            assertThat(session.policy()).isEqualTo(SessionMapper.policyKey(round(ENFORCE)));
            assertThat(session.failureDetail().get()).isEqualTo(new FailureDetailKey(
                    ResultType.STS_POLICY_FETCH_ERROR, null, null, null, null, "http-status-404"));
        }

        @Test
        void shouldCountUnderAnStsPolicyWithoutStringsWhenNothingIsCached() {
            SessionResult session = SessionMapper.fetchFailure(DOMAIN, fetchError, Optional.empty(), T);

            assertThat(session.policy().policyType()).isEqualTo(PolicyKey.STS);
            assertThat(session.policy().policyStrings()).isEmpty();
            assertThat(session.policy().mxHosts()).isEmpty();
            assertThat(session.isSuccess()).isFalse();
            assertThat(session.attempt()).isEmpty();
        }
    }
}
