package dev.mtasts.core.tlsrpt.record;

import static dev.mtasts.core.HostileInputs.assertTotal;
import static dev.mtasts.core.PropertyRun.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.core.tlsrpt.TlsRptTxtParser;
import dev.mtasts.core.tlsrpt.TlsRptTxtRecord;
import dev.mtasts.core.tlsrpt.record.CheckpointCodec;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.HostileInputs;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.PropertyRun.Generator;
import dev.mtasts.core.RemoteText;
import dev.mtasts.core.ResultType;

/**
 * Properties of the TLS-RPT parsers (RFC 8460 §3 record and rua URIs), of the aggregate checkpoint codec and
 * of the report key: total, round trips, caps on what a remote side can make the recorder keep.
 */
class TlsRptProperties {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final CheckpointCodec CODEC = new CheckpointCodec();
    private static final List<String> TXT_TOKENS = List.of("v=TLSRPTv1", ";", " ", "rua=", "mailto:", "https://",
            "tlsrpt@example.com", "reports.example.com/tlsrpt", ",", "!", "%21", "%2C", "?subject=x", "@", "v=",
            "TLSRPTv1;", "rua=mailto:a@b.example");
    private static final Generator<String> TXT_LIKE = HostileInputs.oneOf(HostileInputs.anyText(400),
            HostileInputs.tokens(TXT_TOKENS, 16));
    private static final Generator<String> HOST = HostileInputs.hostName();

    @Test
    void tlsRptRecordParserIsTotal() {
        forAll("tlsrpt record parser", TXT_LIKE, record -> {
            Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse(record);

            assertTotal(parsed);
            if (parsed.isValid()) {
                assertThat(parsed.value().rua()).isNotEmpty();
                parsed.value().skipped().forEach(s -> assertThat(s.length())
                        .isLessThanOrEqualTo(RemoteText.SENTENCE_MAX));
            }
        });
    }

    @Test
    void tlsRptRecordSelectionIsTotal() {
        forAll("tlsrpt record selection", HostileInputs.listOf(TXT_LIKE, 0, 3),
                records -> assertTotal(TlsRptTxtParser.parseRecords(records)));
    }

    @Test
    void reportUriParserIsTotalAndRoundTrips() {
        forAll("rua uri", TXT_LIKE, uri -> {
            Parsed<ReportUri> parsed = TlsRptTxtParser.parseUri(uri);

            assertTotal(parsed);
            if (parsed.isValid()) {
                assertThat(TlsRptTxtParser.parseUri(parsed.value().uri()).value()).isEqualTo(parsed.value());
            }
        });
    }

    @Test
    void aValidRecordKeepsItsUris() {
        Generator<String> label = HostileInputs.label(20);
        forAll("tlsrpt rua kept", r -> List.of("mailto:" + label.next(r) + "@" + HOST.next(r),
                "https://" + HOST.next(r) + "/tlsrpt"), uris -> {
                    Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse("v=TLSRPTv1; rua=" + String.join(",", uris));

                    assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
                    assertThat(parsed.value().rua()).extracting(ReportUri::uri).containsExactlyElementsOf(uris);
                });
    }

    @Test
    void checkpointDecodingIsTotal() {
        Generator<byte[]> damaged = r -> {
            byte[] encoded = encode(HostileInputs.listOf(TlsRptProperties::summary, 1, 2).next(r));
            encoded[r.nextInt(encoded.length)] = (byte) r.nextInt(256);
            return encoded;
        };
        forAll("checkpoint decoding", HostileInputs.oneOf(HostileInputs.bytes(300), damaged),
                bytes -> assertTotal(CODEC.decode(DAY, bytes)));
    }

    @Test
    void checkpointsRoundTrip() {
        forAll("checkpoint round trip", HostileInputs.listOf(TlsRptProperties::summary, 0, 4), summaries -> {
            Parsed<List<PolicySummary>> decoded = CODEC.decode(DAY, encode(summaries));

            assertThat(decoded.isValid()).as(decoded.describeErrors()).isTrue();
            assertThat(decoded.value()).hasSameSizeAs(summaries);
            for (int i = 0; i < summaries.size(); i++) {
                PolicySummary in = summaries.get(i);
                PolicySummary out = decoded.value().get(i);
                assertThat(out.policy()).isEqualTo(in.policy());
                assertThat(out.successfulSessions()).isEqualTo(in.successfulSessions());
                assertThat(out.failedSessions()).isEqualTo(in.failedSessions());
                assertThat(out.overflowFailures()).isEqualTo(in.overflowFailures());
                assertThat(out.failureDetails()).isEqualTo(in.failureDetails());
            }
        });
    }

    @Test
    void aFailureDetailKeyKeepsNothingRemoteSized() {
        Generator<String> remote = HostileInputs.oneOf(HostileInputs.anyText(1200), HOST, r -> "h".repeat(
                250 + r.nextInt(5000)));
        forAll("failure detail key caps", HostileInputs.listOf(remote, 4, 4), fields -> {
            FailureDetailKey key = new FailureDetailKey(ResultType.VALIDATION_FAILURE, fields.get(3), fields.get(3),
                    fields.get(1), fields.get(0), fields.get(2));

            key.receivingMxHelo().ifPresent(h -> {
                assertThat(h.length()).isLessThanOrEqualTo(RemoteText.HOST_NAME_MAX);
                assertThat(RemoteText.hostName(h)).contains(h);
            });
            assertThat(key.receivingMxHostname().orElseThrow().length()).isLessThanOrEqualTo(RemoteText.HOST_NAME_MAX);
            assertThat(key.failureReasonCode().orElseThrow().length())
                    .isLessThanOrEqualTo(FailureDetailKey.REASON_CODE_MAX);
            assertThat(key.receivingIp().orElseThrow().length()).isLessThanOrEqualTo(FailureDetailKey.ADDRESS_MAX);
            assertThat(List.of(key.receivingMxHostname().get(), key.failureReasonCode().get(), key.receivingIp().get()))
                    .allSatisfy(s -> assertThat(s).doesNotContainPattern("[\\x00-\\x1f\\x7f]"));
        });
    }

    private static PolicySummary summary(java.util.Random r) {
        String type = r.nextBoolean() ? PolicyKey.STS : PolicyKey.NO_POLICY_FOUND;
        PolicyKey key = new PolicyKey(type, DomainName.of(HOST.next(r)),
                HostileInputs.listOf(HostileInputs.decodedText(80), 0, 4).next(r),
                HostileInputs.listOf(HOST, 0, 3).next(r));
        Map<FailureDetailKey, Long> counts = new HashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            ResultType result = ResultType.values()[r.nextInt(ResultType.values().length)];
            String ip = r.nextBoolean() ? "192.0.2." + r.nextInt(256) : "2001:db8::" + r.nextInt(0xffff);
            counts.put(new FailureDetailKey(result, ip, ip, r.nextBoolean() ? HOST.next(r) : null,
                    r.nextBoolean() ? HOST.next(r) : null, r.nextBoolean() ? "code-" + r.nextInt(100) : null),
                    (long) r.nextInt(Integer.MAX_VALUE));
        }
        long overflow = r.nextInt(1000);
        long failed = overflow + counts.values().stream().mapToLong(Long::longValue).sum();
        return new PolicySummary(key, r.nextInt(Integer.MAX_VALUE), failed, counts, overflow);
    }

    private static byte[] encode(List<PolicySummary> summaries) {
        try {
            return CODEC.encode(DAY, summaries);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
