package dev.mtasts.core.tlsrpt.record;

import static dev.mtasts.core.tlsrpt.record.Rounds.DOMAIN;
import static dev.mtasts.core.tlsrpt.record.Rounds.LOCAL_IP;
import static dev.mtasts.core.tlsrpt.record.Rounds.MX;
import static dev.mtasts.core.tlsrpt.record.Rounds.MX_IP;
import static dev.mtasts.core.tlsrpt.record.Rounds.UNVALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.ip;
import static dev.mtasts.core.tlsrpt.record.Rounds.mx;
import static dev.mtasts.core.tlsrpt.record.Rounds.policy;
import static dev.mtasts.core.tlsrpt.record.Rounds.round;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.testkit.time.MutableClock;

/**
 * What a hostile MX or policy domain can make the recorder keep: nothing remote-sized, no control characters,
 * a bounded number of policies per domain and day. Asserted on the files an operator reads.
 */
class HostileTextRecordingTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");
    private static final String FOUR_MIB = "h".repeat(4 * 1024 * 1024);
    private static final String FORGED = "550 no\r\n2026-11-27 12:00:00 ERROR forged line\u001b[2J";

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(NOON);

    private static AttemptResult hostileAttempt(String ehlo, String reply) {
        Failure failure = Failure.of(FailureCode.CERTIFICATE_EXPIRED,
                "the MX said " + reply + " " + FOUR_MIB);
        return AttemptResult.builder(mx(MX), NOON).address(ip(MX_IP)).localAddress(ip(LOCAL_IP)).serverName(ehlo)
                .tls(UNVALIDATED).tlsFailure(failure).outcome(Outcome.TLS_FAILED, reply + FOUR_MIB).build();
    }

    @Test
    void shouldNotStoreAFourMebibyteEhloNameNorRemoteSizedSentences() throws IOException {
        try (TlsRptRecorder recorder = new TlsRptRecorder(RecorderSettings.builder(data).build(), clock)) {
            recorder.observe(round(PolicyLookup.policy(policy(PolicyMode.ENFORCE, "id1")),
                    hostileAttempt(FOUR_MIB, FORGED)), "mail-1");
            recorder.checkpoint();
            recorder.flushFailureLog();

            Path checkpoint = data.resolve("tlsrpt/aggregates/" + DAY + ".json");
            JsonNode stored = new ObjectMapper().readTree(checkpoint.toFile());
            JsonNode detail = stored.get("policies").get(0).get("failure-details").get(0);
            assertThat(detail.has("receiving-mx-helo")).isFalse();
            assertThat(detail.get("count").asLong()).isEqualTo(1);
            assertThat(Files.size(checkpoint)).isLessThan(2_000);

            List<String> log = Files.readAllLines(recorder.failureLogFile(DAY), StandardCharsets.UTF_8);
            assertThat(log).hasSize(1);
            String line = log.get(0);
            assertThat(line.length()).isLessThan(4_000);
            assertThat(line).doesNotContain("\u001b").contains("550 no\\\\x0D\\\\x0A2026-11-27 12:00:00 ERROR forged");
            int longest = Math.max(longestString(stored), longestString(new ObjectMapper().readTree(line)));
            System.out.println("longest string kept from a 4 MiB EHLO name and reply: " + longest + " characters");
            assertThat(longest).isLessThanOrEqualTo(Failure.SENTENCE_MAX);
        }
    }

    @Test
    void shouldKeepAValidEhloNameInTheKey() throws IOException {
        try (TlsRptRecorder recorder = new TlsRptRecorder(RecorderSettings.builder(data).build(), clock)) {
            recorder.observe(round(PolicyLookup.policy(policy(PolicyMode.ENFORCE, "id1")),
                    hostileAttempt("MX1.Example.COM", "550 no")), "mail-1");

            PolicySummary summary = recorder.summary(DAY, DOMAIN).orElseThrow().policies().get(0);
            assertThat(summary.failureDetails().keySet()).singleElement()
                    .satisfies(key -> assertThat(key.receivingMxHelo()).contains("mx1.example.com"));
        }
    }

    @Test
    void shouldFoldPoliciesBeyondTheDailyCapIntoOneWithoutPolicyStrings() {
        RecorderSettings settings = RecorderSettings.builder(data).maxPoliciesPerDomain(3).build();
        try (TlsRptRecorder recorder = new TlsRptRecorder(settings, clock)) {
            for (int i = 0; i < 20; i++) {
                // a domain that rotates its policy (each rotation other lines) to grow the aggregates
                PolicyLookup rotated = PolicyLookup.policy(rotatedPolicy(i));
                recorder.observe(round(rotated, Rounds.connected(NOON, Outcome.DELIVERED, Rounds.VALIDATED, null)),
                        "mail-" + i);
                recorder.observe(round(rotated, hostileAttempt("mx1.example.com", "550 no")), "mail-f" + i);
            }

            List<PolicySummary> policies = recorder.summary(DAY, DOMAIN).orElseThrow().policies();
            assertThat(policies).hasSize(4);
            assertThat(policies).filteredOn(p -> p.policy().policyStrings().isEmpty()).singleElement()
                    .satisfies(folded -> {
                        assertThat(folded.policy().policyType()).isEqualTo(PolicyKey.STS);
                        assertThat(folded.policy().mxHosts()).isEmpty();
                        assertThat(folded.successfulSessions()).isEqualTo(17);
                        assertThat(folded.failedSessions()).isEqualTo(17);
                    });
            assertThat(policies.stream().mapToLong(p -> p.successfulSessions() + p.failedSessions()).sum())
                    .isEqualTo(40);
        }
    }

    private static CachedPolicy rotatedPolicy(int i) {
        String rotated = "rot" + i + ".example.com";
        List<String> lines = List.of("version: STSv1", "mode: enforce", "mx: " + MX, "mx: " + rotated,
                "max_age: 86400");
        StsPolicy policy = new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse(MX).value(),
                MxPattern.parse(rotated).value()), 86400, lines);
        return new CachedPolicy(DOMAIN, "id" + i, policy, Instant.parse("2026-11-01T00:00:00Z"));
    }

    /** The longest string value anywhere in {@code node}. */
    private static int longestString(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().length();
        }
        int longest = 0;
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            longest = Math.max(longest, longestString(it.next()));
        }
        return longest;
    }
}
