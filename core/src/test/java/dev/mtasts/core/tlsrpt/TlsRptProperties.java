package dev.mtasts.core.tlsrpt;

import static dev.mtasts.core.HostileInputs.assertTotal;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.HostileInputs;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;
import dev.mtasts.core.ResultType;

/**
 * Properties of the TLS-RPT parsers (RFC 8460 §3 record and rua URIs), of the aggregate checkpoint codec and
 * of the report key: total, round trips, caps on what a remote side can make the recorder keep.
 */
class TlsRptProperties {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final List<String> TXT_TOKENS = List.of("v=TLSRPTv1", ";", " ", "rua=", "mailto:", "https://",
            "tlsrpt@example.com", "reports.example.com/tlsrpt", ",", "!", "%21", "%2C", "?subject=x", "@", "v=",
            "TLSRPTv1;", "rua=mailto:a@b.example");

    @Provide
    Arbitrary<String> txtLike() {
        return Arbitraries.oneOf(HostileInputs.anyText(400), HostileInputs.tokens(TXT_TOKENS, 16));
    }

    @Property
    void tlsRptRecordParserIsTotal(@ForAll("txtLike") String record) {
        Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse(record);

        assertTotal(parsed);
        if (parsed.isValid()) {
            assertThat(parsed.value().rua()).isNotEmpty();
            parsed.value().skipped().forEach(s -> assertThat(s.length()).isLessThanOrEqualTo(RemoteText.SENTENCE_MAX));
        }
    }

    @Property
    void tlsRptRecordSelectionIsTotal(@ForAll("txtLike") String first, @ForAll("txtLike") String second) {
        assertTotal(TlsRptTxtParser.parseRecords(List.of(first, second)));
    }

    @Property
    void reportUriParserIsTotalAndRoundTrips(@ForAll("txtLike") String uri) {
        Parsed<ReportUri> parsed = TlsRptTxtParser.parseUri(uri);

        assertTotal(parsed);
        if (parsed.isValid()) {
            assertThat(TlsRptTxtParser.parseUri(parsed.value().uri()).value()).isEqualTo(parsed.value());
        }
    }

    @Property
    void aValidRecordKeepsItsUris(@ForAll("mailboxes") String mailbox, @ForAll("hosts") String host) {
        String mailto = "mailto:" + mailbox;
        String https = "https://" + host + "/tlsrpt";

        Parsed<TlsRptTxtRecord> parsed = TlsRptTxtParser.parse("v=TLSRPTv1; rua=" + mailto + "," + https);

        assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
        assertThat(parsed.value().rua()).extracting(ReportUri::uri).containsExactly(mailto, https);
    }

    @Provide
    Arbitrary<String> mailboxes() {
        return Combinators.combine(HostileInputs.label(20), HostileInputs.hostName()).as((l, h) -> l + "@" + h);
    }

    @Provide
    Arbitrary<String> hosts() {
        return HostileInputs.hostName();
    }

    @Property
    void checkpointDecodingIsTotal(@ForAll("checkpointLike") byte[] bytes) {
        assertTotal(new CheckpointCodec().decode(DAY, bytes));
    }

    @Provide
    Arbitrary<byte[]> checkpointLike() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> mutated = Combinators.combine(summaries(), Arbitraries.integers().between(0, 10_000),
                Arbitraries.bytes()).as((summary, at, value) -> {
                    byte[] encoded = encode(List.of(summary));
                    encoded[at % encoded.length] = value;
                    return encoded;
                });
        return Arbitraries.oneOf(raw, mutated);
    }

    @Property
    void checkpointsRoundTrip(@ForAll("summaryLists") List<PolicySummary> summaries) {
        Parsed<List<PolicySummary>> decoded = new CheckpointCodec().decode(DAY, encode(summaries));

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
    }

    @Provide
    Arbitrary<List<PolicySummary>> summaryLists() {
        return summaries().list().ofMaxSize(4);
    }

    @Property
    void aFailureDetailKeyKeepsNothingRemoteSized(@ForAll("remote") String helo, @ForAll("remote") String mxName,
            @ForAll("remote") String code, @ForAll("remote") String address) {
        FailureDetailKey key = new FailureDetailKey(ResultType.VALIDATION_FAILURE, address, address, mxName, helo,
                code);

        assertThat(key.receivingMxHelo()).allSatisfy(h -> {
            assertThat(h.length()).isLessThanOrEqualTo(RemoteText.HOST_NAME_MAX);
            assertThat(RemoteText.hostName(h)).contains(h);
        });
        assertThat(key.receivingMxHostname().orElseThrow().length()).isLessThanOrEqualTo(RemoteText.HOST_NAME_MAX);
        assertThat(key.failureReasonCode().orElseThrow().length()).isLessThanOrEqualTo(FailureDetailKey.REASON_CODE_MAX);
        assertThat(key.receivingIp().orElseThrow().length()).isLessThanOrEqualTo(FailureDetailKey.ADDRESS_MAX);
        assertThat(List.of(key.receivingMxHostname().get(), key.failureReasonCode().get(), key.receivingIp().get()))
                .allSatisfy(s -> assertThat(s).doesNotContainPattern("[\\x00-\\x1f\\x7f]"));
    }

    @Provide
    Arbitrary<String> remote() {
        return Arbitraries.oneOf(HostileInputs.anyText(1000), HostileInputs.hostName(),
                Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(5000));
    }

    private static Arbitrary<PolicySummary> summaries() {
        Arbitrary<PolicyKey> keys = Combinators.combine(HostileInputs.hostName(), Arbitraries.of(PolicyKey.STS,
                PolicyKey.NO_POLICY_FOUND), HostileInputs.decodedText(80).list().ofMaxSize(4),
                HostileInputs.hostName().list().ofMaxSize(3))
                .as((domain, type, strings, mx) -> new PolicyKey(type, DomainName.of(domain), strings, mx));
        Arbitrary<FailureDetailKey> details = Combinators.combine(Arbitraries.of(ResultType.values()),
                Arbitraries.of("192.0.2.1", "2001:db8::1"), HostileInputs.hostName().injectNull(0.3),
                HostileInputs.hostName().injectNull(0.3), Arbitraries.strings().alpha().ofMaxLength(30).injectNull(0.2))
                .as((type, ip, mx, helo, code) -> new FailureDetailKey(type, ip, ip, mx, helo, code));
        Arbitrary<Map<FailureDetailKey, Long>> counts = Arbitraries.maps(details,
                Arbitraries.longs().between(0, 1L << 40)).ofMaxSize(4);
        return Combinators.combine(keys, Arbitraries.longs().between(0, 1L << 40), counts,
                Arbitraries.longs().between(0, 1L << 40)).as((key, ok, detailCounts, overflow) -> {
                    long failed = overflow + detailCounts.values().stream().mapToLong(Long::longValue).sum();
                    return new PolicySummary(key, ok, failed, new HashMap<>(detailCounts), overflow);
                });
    }

    private static byte[] encode(List<PolicySummary> summaries) {
        try {
            return new CheckpointCodec().encode(DAY, summaries);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
