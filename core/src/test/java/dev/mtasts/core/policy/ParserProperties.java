package dev.mtasts.core.policy;

import static dev.mtasts.core.HostileInputs.assertTotal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.HostileInputs;
import dev.mtasts.core.Parsed;

/**
 * Properties of the MTA-STS parsers (RFC 8461 §3.1 TXT record, §3.2 policy, mx patterns) and of
 * {@link DomainName}: total (a value or at least one reason, never an exception), reasons capped and free of
 * control characters, and round trips for valid input. Tries: {@code jqwik.tries.default} (1000 in CI; see
 * docs/SECURITY.md for the long run).
 */
class ParserProperties {
    private static final List<String> TXT_TOKENS = List.of("v=STSv1", "v=", "STSv1", ";", " ", "id=", "id",
            "20240101T000000", "=", "ext", "v=STSv1;", "; id=a;");
    private static final List<String> POLICY_TOKENS = List.of("version: STSv1\n", "mode: enforce\n",
            "mode: testing\n", "mode: none\n", "max_age: 86400\n", "max_age: 31557601\n", "mx: mail.example.com\n",
            "mx: *.example.net\n", "mx:*\n", "mx: \n", "\r\n", "\n", ":", "version", "mode", "max_age", "mx",
            "\uFEFF", " ", "\t", "MODE: Enforce\n");

    @Provide
    Arbitrary<String> txtLike() {
        return Arbitraries.oneOf(HostileInputs.anyText(300), HostileInputs.tokens(TXT_TOKENS, 12));
    }

    @Provide
    Arbitrary<String> policyLike() {
        return Arbitraries.oneOf(HostileInputs.anyText(2000), HostileInputs.tokens(POLICY_TOKENS, 40));
    }

    @Provide
    Arbitrary<String> nameLike() {
        return Arbitraries.oneOf(HostileInputs.anyText(300), HostileInputs.specialText(300),
                HostileInputs.hostName(), HostileInputs.hostName().map(h -> "*." + h));
    }

    @Property
    void stsTxtParserIsTotal(@ForAll("txtLike") String record) {
        assertTotal(StsTxtParser.parse(record));
    }

    @Property
    void stsTxtSelectionIsTotal(@ForAll("txtLike") String first, @ForAll("txtLike") String second) {
        assertTotal(StsTxtParser.select(List.of(first, second)));
    }

    @Property
    void aValidTxtRecordKeepsItsId(@ForAll("ids") String id) {
        Parsed<StsTxtRecord> parsed = StsTxtParser.parse("v=STSv1; id=" + id + ";");

        assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
        assertThat(parsed.value().id()).isEqualTo(id);
    }

    @Provide
    Arbitrary<String> ids() {
        // RFC 8461 §3.1: sts-id = 1*32(ALPHA / DIGIT)
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(32);
    }

    @Property
    void stsPolicyParserIsTotal(@ForAll("policyLike") String body) {
        assertTotal(StsPolicyParser.parse(body));
    }

    @Property
    void aValidPolicyRoundTrips(@ForAll("modes") PolicyMode mode, @ForAll @IntRange(min = 0, max = 31557600) int maxAge,
            @ForAll("mxPatterns") List<String> mx) {
        List<String> lines = new ArrayList<>(List.of("version: STSv1", "mode: " + mode.text()));
        mx.forEach(pattern -> lines.add("mx: " + pattern));
        lines.add("max_age: " + maxAge);

        Parsed<StsPolicy> parsed = StsPolicyParser.parse(String.join("\r\n", lines) + "\r\n");

        assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
        assertThat(parsed.value().mode()).isEqualTo(mode);
        assertThat(parsed.value().maxAgeSeconds()).isEqualTo(maxAge);
        assertThat(parsed.value().mxPatterns()).extracting(MxPattern::text).containsExactlyElementsOf(mx);
        assertThat(parsed.value().lines()).containsExactlyElementsOf(lines);
    }

    @Provide
    Arbitrary<PolicyMode> modes() {
        return Arbitraries.of(PolicyMode.ENFORCE, PolicyMode.TESTING);
    }

    @Provide
    Arbitrary<List<String>> mxPatterns() {
        return Arbitraries.oneOf(HostileInputs.hostName(), HostileInputs.hostName().map(h -> "*." + h)).list()
                .ofMinSize(1).ofMaxSize(5);
    }

    @Property
    void mxPatternParserIsTotalAndRoundTrips(@ForAll("nameLike") String text) {
        Parsed<MxPattern> parsed = MxPattern.parse(text);

        assertTotal(parsed);
        if (parsed.isValid()) {
            assertThat(MxPattern.parse(parsed.value().text()).value()).isEqualTo(parsed.value());
        }
    }

    @Property
    void aWildcardMatchesExactlyOneMoreLabel(@ForAll("labels") String label, @ForAll("hosts") String base) {
        MxPattern wildcard = MxPattern.parse("*." + base).value();

        // RFC 8461 §4.1: "*" matches exactly one left-most label
        assertThat(wildcard.matches(DomainName.of(label + "." + base))).isTrue();
        assertThat(wildcard.matches(DomainName.of(base))).isFalse();
        assertThat(wildcard.matches(DomainName.of(label + "." + label + "." + base))).isFalse();
    }

    @Provide
    Arbitrary<String> labels() {
        return HostileInputs.label(20);
    }

    @Provide
    Arbitrary<String> hosts() {
        return HostileInputs.hostName().filter(h -> h.length() < 200);
    }

    @Property
    void domainNameIsTotalAndRoundTrips(@ForAll("nameLike") String text) {
        Parsed<DomainName> parsed = DomainName.parse(text);

        assertTotal(parsed);
        if (parsed.isValid()) {
            DomainName name = parsed.value();
            assertThat(DomainName.parse(name.asciiName()).value()).isEqualTo(name);
            assertThat(name.asciiName().length()).isLessThanOrEqualTo(253);
            // never throws, however long the name: a value or a reason
            assertTotal(name.prefixed("_mta-sts"));
            assertTotal(name.prefixed("_smtp._tls"));
        }
    }
}
