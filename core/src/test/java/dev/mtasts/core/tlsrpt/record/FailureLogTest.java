package dev.mtasts.core.tlsrpt.record;

import static dev.mtasts.core.tlsrpt.record.Rounds.DOMAIN;
import static dev.mtasts.core.tlsrpt.record.Rounds.EXPIRED;
import static dev.mtasts.core.tlsrpt.record.Rounds.UNVALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.VALIDATED;
import static dev.mtasts.core.tlsrpt.record.Rounds.connected;
import static dev.mtasts.core.tlsrpt.record.Rounds.policy;
import static dev.mtasts.core.tlsrpt.record.Rounds.round;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.testkit.time.MutableClock;

class FailureLogTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");
    private static final PolicyLookup ENFORCE = PolicyLookup.policy(policy(PolicyMode.ENFORCE, "id1"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(NOON);

    private TlsRptRecorder recorder(RecorderSettings.Builder settings) {
        return new TlsRptRecorder(settings.build(), clock);
    }

    private TlsRptRecorder recorder() {
        return recorder(RecorderSettings.builder(data));
    }

    private static DomainDelivery expired(Instant time) {
        return round(ENFORCE, connected(time, Outcome.TLS_FAILED, UNVALIDATED, EXPIRED));
    }

    private List<JsonNode> lines(LocalDate day) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("tlsrpt/failures-" + day + ".jsonl"))) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void shouldWriteOneReadableLinePerFailedAttemptWhenFlushed() throws IOException {
        TlsRptRecorder recorder = recorder();
        recorder.observe(expired(NOON), "mail-1");

        recorder.flushFailureLog();

        List<JsonNode> lines = lines(DAY);
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(fieldNames(line).subList(0, 6)).containsExactly("time", "domain", "result", "mx", "address", "reason");
        assertThat(line.get("time").asText()).isEqualTo("2026-11-27T12:00:00Z");
        assertThat(line.get("domain").asText()).isEqualTo("example.com");
        assertThat(line.get("result").asText()).isEqualTo("certificate-expired");
        assertThat(line.get("mx").asText()).isEqualTo(Rounds.MX);
        assertThat(line.get("address").asText()).isEqualTo(Rounds.MX_IP);
        assertThat(line.get("reason").asText()).isEqualTo(EXPIRED.sentence());
        assertThat(line.get("reason-code").asText()).isEqualTo("certificate-expired");
        assertThat(line.get("policy-mode").asText()).isEqualTo("enforce");
        assertThat(line.get("policy-id").asText()).isEqualTo("id1");
        assertThat(line.get("helo").asText()).isEqualTo(Rounds.MX);
        assertThat(line.get("tls-version").asText()).isEqualTo("TLSv1.3");
        assertThat(line.get("cipher").asText()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(line.get("sending-ip").asText()).isEqualTo(Rounds.LOCAL_IP);
        assertThat(line.get("mail").asText()).isEqualTo("mail-1");
        assertThat(line.has("report-mail")).isFalse();
    }

    @Test
    void shouldLogAWaiverAsAnEventOfItsOwnWithoutCountingItWhenTlsRequiredNoWaivesEnforce() throws IOException {
        TlsRptRecorder recorder = recorder();

        recorder.policyWaived(expired(NOON), "mail-9", false);
        recorder.flushFailureLog();

        JsonNode line = lines(DAY).get(0);
        assertThat(fieldNames(line)).containsExactly("time", "domain", "reason", "event", "policy-type", "policy-mode",
                "policy-id", "action", "mail");
        assertThat(line.get("event").asText()).isEqualTo("tls-required-waived");
        assertThat(line.get("reason").asText()).contains("TLS-Required: No");
        assertThat(line.get("policy-mode").asText()).isEqualTo("enforce");
        assertThat(line.get("policy-id").asText()).isEqualTo("id1");
        assertThat(line.get("action").asText()).isEqualTo("applied-as-testing");
        assertThat(line.get("mail").asText()).isEqualTo("mail-9");
        assertThat(recorder.days()).as("not a TLS-RPT session").isEmpty();
    }

    @Test
    void shouldLogAFailedDiscoveryWithItsActionWithoutCountingItWhenTheTxtRecordCannotBeRead() throws IOException {
        TlsRptRecorder recorder = recorder();
        Failure failure = Failure.of(FailureCode.TXT_LOOKUP_FAILED,
                "The MTA-STS TXT record _mta-sts.example.com could not be looked up (SERVFAIL)");

        recorder.discoveryFailed(DOMAIN, failure, "mail-1", false);
        recorder.discoveryFailed(DOMAIN, failure, "mail-2", true);
        recorder.flushFailureLog();

        List<JsonNode> lines = lines(DAY);
        assertThat(fieldNames(lines.get(0))).containsExactly("time", "domain", "result", "reason", "reason-code",
                "event", "policy-type", "action", "mail");
        assertThat(lines).extracting(l -> l.get("event").asText()).containsOnly("discovery-failed");
        assertThat(lines).extracting(l -> l.get("action").asText())
                .containsExactly("delivered-without-policy", "deferred");
        assertThat(lines.get(0).get("result").asText()).isEqualTo("sts-policy-fetch-error");
        assertThat(lines.get(0).get("reason-code").asText()).isEqualTo("txt-lookup-failed");
        assertThat(lines.get(0).get("policy-type").asText()).isEqualTo("no-policy-found");
        assertThat(recorder.days()).as("no TXT record was read: not a §6 reportable failure").isEmpty();
    }

    @Test
    void shouldLogAFetchFailureWithoutMxFieldsWhenThePolicyCannotBeFetched() throws IOException {
        TlsRptRecorder recorder = recorder();
        Failure failure = Failure.of(FailureCode.HTTP_STATUS, 404,
                "https://mta-sts.example.com/.well-known/mta-sts.txt answered 404");

        recorder.fetchFailed(DOMAIN, Optional.of("id2"), failure, Optional.empty());
        recorder.flushFailureLog();

        JsonNode line = lines(DAY).get(0);
        assertThat(line.get("result").asText()).isEqualTo("sts-policy-fetch-error");
        assertThat(line.get("event").asText()).isEqualTo("policy-fetch");
        assertThat(line.get("txt-id").asText()).isEqualTo("id2");
        assertThat(line.has("mx")).isFalse();
        assertThat(line.has("policy-mode")).isFalse();
    }

    @Test
    void shouldLogSuccessesOnlyWhenConfigured() throws IOException {
        DomainDelivery success = round(ENFORCE, connected(NOON, Outcome.DELIVERED, VALIDATED, null));
        TlsRptRecorder quiet = recorder();
        quiet.observe(success, "m");
        quiet.observe(expired(NOON), "m");
        quiet.flushFailureLog();
        assertThat(lines(DAY)).extracting(l -> l.get("result").asText()).containsExactly("certificate-expired");

        TlsRptRecorder verbose = recorder(RecorderSettings.builder(data).logSuccesses(true));
        verbose.observe(success, "m");
        verbose.flushFailureLog();

        assertThat(lines(DAY)).extracting(l -> l.get("result").asText())
                .containsExactly("certificate-expired", "success");
    }

    @Test
    void shouldLogButMarkReportMailsWhenTheyAreExcludedFromCounting() throws IOException {
        TlsRptRecorder recorder = recorder();
        recorder.observe(expired(NOON), "tlsrpt-report-42-to-example.com", true);
        recorder.flushFailureLog();

        assertThat(lines(DAY).get(0).get("report-mail").asBoolean()).isTrue();
        assertThat(recorder.summary(DAY, DOMAIN)).isEmpty();
    }

    @Test
    void shouldWriteEachLineToTheFileOfItsUtcDayWhenTheDayChanges() throws IOException {
        TlsRptRecorder recorder = recorder();
        recorder.observe(expired(Instant.parse("2026-11-27T23:59:59.900Z")), "a");
        recorder.observe(expired(Instant.parse("2026-11-28T00:00:00.100Z")), "b");
        recorder.flushFailureLog();
        recorder.observe(expired(Instant.parse("2026-11-28T00:00:01Z")), "c");
        recorder.flushFailureLog();

        assertThat(lines(DAY)).extracting(l -> l.get("mail").asText()).containsExactly("a");
        assertThat(lines(DAY.plusDays(1))).extracting(l -> l.get("mail").asText()).containsExactly("b", "c");
    }

    @Test
    void shouldDeleteFilesOlderThanTheRetentionWhenANewDayStarts() throws IOException {
        Path dir = data.resolve("tlsrpt");
        Files.createDirectories(dir);
        for (String day : List.of("2026-11-20", "2026-11-24", "2026-11-25", "2026-11-26")) {
            Files.writeString(dir.resolve("failures-" + day + ".jsonl"), "{}\n");
        }
        Files.writeString(dir.resolve("failures-notes.jsonl"), "kept: not a dated log\n");
        TlsRptRecorder recorder = recorder(RecorderSettings.builder(data).failureLogRetentionDays(3));

        recorder.flushFailureLog();

        assertThat(dir.resolve("failures-2026-11-20.jsonl")).doesNotExist();
        assertThat(dir.resolve("failures-2026-11-24.jsonl")).doesNotExist();
        assertThat(dir.resolve("failures-2026-11-25.jsonl")).exists();
        assertThat(dir.resolve("failures-2026-11-26.jsonl")).exists();
        assertThat(dir.resolve("failures-notes.jsonl")).exists();

        clock.set(Instant.parse("2026-11-28T00:00:01Z"));
        recorder.flushFailureLog();

        assertThat(dir.resolve("failures-2026-11-25.jsonl")).doesNotExist();
        assertThat(dir.resolve("failures-2026-11-26.jsonl")).exists();
    }

    @Test
    void shouldCountDroppedLinesButKeepExactCountsWhenTheQueueIsFull() {
        TlsRptRecorder recorder = recorder(RecorderSettings.builder(data).failureLogQueueCapacity(2));
        for (int i = 0; i < 5; i++) {
            recorder.observe(expired(NOON), "m" + i);
        }

        recorder.flushFailureLog();

        assertThat(recorder.droppedLogLines()).isEqualTo(3);
        assertThat(recorder.summary(DAY, DOMAIN).orElseThrow().policies().get(0).failedSessions()).isEqualTo(5);
    }

    @Test
    void shouldCountLinesAsDroppedAndRecoverWhenTheLogCannotBeWritten() throws IOException {
        Files.writeString(data.resolve("tlsrpt"), "a file where the directory should be");
        TlsRptRecorder recorder = recorder();
        recorder.observe(expired(NOON), "lost");
        recorder.flushFailureLog();
        assertThat(recorder.droppedLogLines()).isEqualTo(1);

        Files.delete(data.resolve("tlsrpt"));
        recorder.observe(expired(NOON), "written");
        recorder.flushFailureLog();

        assertThat(lines(DAY)).extracting(l -> l.get("mail").asText()).containsExactly("written");
        assertThat(recorder.summary(DAY, DOMAIN).orElseThrow().policies().get(0).failedSessions()).isEqualTo(2);
    }

    @Test
    void shouldWriteQueuedLinesWhenClosed() throws IOException {
        TlsRptRecorder recorder = recorder();
        recorder.start();
        recorder.observe(expired(NOON), "m");

        recorder.close();

        assertThat(lines(DAY)).hasSize(1);
    }
}
