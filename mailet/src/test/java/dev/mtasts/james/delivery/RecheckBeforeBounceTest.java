package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.policy.StsPolicyParser;

/** RFC 8461 §5.1: the check for a new policy id before a bounce must have been made, not merely tried. */
class RecheckBeforeBounceTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final PolicyLookup USED = PolicyLookup.policy(policy("id1"));

    @Test
    void shouldCountTheCheckAsMadeWhenTheTxtRecordWasReadWithTheSameId() {
        assertThat(OutgoingDelivery.recheckIncomplete(USED, PolicyLookup.policy(policy("id1")))).isFalse();
    }

    @Test
    void shouldCountTheCheckAsNotMadeWhenTheLookupTimedOut() {
        Failure timeout = Failure.of(FailureCode.LOOKUP_TIMEOUT, "not known within 35 s");
        assertThat(OutgoingDelivery.recheckIncomplete(USED, PolicyLookup.policy(policy("id1"), timeout))).isTrue();
    }

    @Test
    void shouldCountTheCheckAsNotMadeWhenTheTxtQueryFailed() {
        Failure servfail = Failure.of(FailureCode.TXT_LOOKUP_FAILED, "SERVFAIL");
        assertThat(OutgoingDelivery.recheckIncomplete(USED, PolicyLookup.policy(policy("id1"), servfail))).isTrue();
    }

    @Test
    void shouldCountTheCheckAsMadeWhenTheTxtRecordWasReadButIsInvalid() {
        Failure invalid = Failure.of(FailureCode.TXT_INVALID, "two records");
        assertThat(OutgoingDelivery.recheckIncomplete(USED, PolicyLookup.policy(policy("id1"), invalid))).isFalse();
    }

    @Test
    void shouldCountTheCheckAsMadeWhenANewPolicyWasFound() {
        assertThat(OutgoingDelivery.recheckIncomplete(USED, PolicyLookup.policy(policy("id2")))).isFalse();
    }

    private static CachedPolicy policy(String id) {
        String text = "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n";
        return new CachedPolicy(DOMAIN, id, StsPolicyParser.parse(text).value(), Instant.parse("2026-12-01T00:00:00Z"));
    }
}
