package dev.mtasts.core.policy;

import static dev.mtasts.core.HostileInputs.assertTotal;
import static dev.mtasts.core.PropertyRun.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.HostileInputs;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.PropertyRun.Generator;

/**
 * Properties of the MTA-STS parsers (RFC 8461 §3.1 TXT record, §3.2 policy, mx patterns) and of
 * {@link DomainName}: total (a value or at least one reason, never an exception), reasons capped and free of
 * control characters, and round trips for valid input. {@code PropertyRun} sets the number of inputs.
 */
class ParserProperties {
    private static final List<String> TXT_TOKENS = List.of("v=STSv1", "v=", "STSv1", ";", " ", "id=", "id",
            "20240101T000000", "=", "ext", "v=STSv1;", "; id=a;");
    private static final List<String> POLICY_TOKENS = List.of("version: STSv1\n", "mode: enforce\n",
            "mode: testing\n", "mode: none\n", "max_age: 86400\n", "max_age: 31557601\n", "mx: mail.example.com\n",
            "mx: *.example.net\n", "mx:*\n", "mx: \n", "\r\n", "\n", ":", "version", "mode", "max_age", "mx",
            "\uFEFF", " ", "\t", "MODE: Enforce\n");
    private static final Generator<String> TXT_LIKE = HostileInputs.oneOf(HostileInputs.anyText(300),
            HostileInputs.tokens(TXT_TOKENS, 12));
    private static final Generator<String> POLICY_LIKE = HostileInputs.oneOf(HostileInputs.anyText(2000),
            HostileInputs.tokens(POLICY_TOKENS, 40));
    private static final Generator<String> HOST = HostileInputs.hostName();
    private static final Generator<String> NAME_LIKE = HostileInputs.oneOf(HostileInputs.anyText(300),
            HostileInputs.specialText(300), HOST, r -> "*." + HOST.next(r));

    @Test
    void stsTxtParserIsTotal() {
        forAll("sts txt parser", TXT_LIKE, record -> assertTotal(StsTxtParser.parse(record)));
    }

    @Test
    void stsTxtSelectionIsTotal() {
        forAll("sts txt selection", HostileInputs.listOf(TXT_LIKE, 0, 3),
                records -> assertTotal(StsTxtParser.select(records)));
    }

    @Test
    void aValidTxtRecordKeepsItsId() {
        // RFC 8461 §3.1: sts-id = 1*32(ALPHA / DIGIT)
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Generator<String> ids = r -> {
            StringBuilder id = new StringBuilder();
            for (int i = 1 + r.nextInt(32); i > 0; i--) {
                id.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return id.toString();
        };
        forAll("sts txt id", ids, id -> {
            Parsed<StsTxtRecord> parsed = StsTxtParser.parse("v=STSv1; id=" + id + ";");

            assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
            assertThat(parsed.value().id()).isEqualTo(id);
        });
    }

    @Test
    void stsPolicyParserIsTotal() {
        forAll("sts policy parser", POLICY_LIKE, body -> assertTotal(StsPolicyParser.parse(body)));
    }

    @Test
    void aValidPolicyRoundTrips() {
        Generator<String> pattern = HostileInputs.oneOf(HOST, r -> "*." + HOST.next(r));
        Generator<List<String>> policies = r -> {
            PolicyMode mode = r.nextBoolean() ? PolicyMode.ENFORCE : PolicyMode.TESTING;
            List<String> lines = new ArrayList<>(List.of("version: STSv1", "mode: " + mode.text()));
            for (String mx : HostileInputs.listOf(pattern, 1, 5).next(r)) {
                lines.add("mx: " + mx);
            }
            lines.add("max_age: " + r.nextInt(31_557_601));
            return lines;
        };
        forAll("sts policy round trip", policies, lines -> {
            Parsed<StsPolicy> parsed = StsPolicyParser.parse(String.join("\r\n", lines) + "\r\n");

            assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
            assertThat("mode: " + parsed.value().mode().text()).isEqualTo(lines.get(1));
            assertThat("max_age: " + parsed.value().maxAgeSeconds()).isEqualTo(lines.get(lines.size() - 1));
            List<String> mx = new ArrayList<>();
            parsed.value().mxPatterns().forEach(p -> mx.add("mx: " + p.text()));
            assertThat(mx).containsExactlyElementsOf(lines.subList(2, lines.size() - 1));
            assertThat(parsed.value().lines()).containsExactlyElementsOf(lines);
        });
    }

    @Test
    void mxPatternParserIsTotalAndRoundTrips() {
        forAll("mx pattern", NAME_LIKE, text -> {
            Parsed<MxPattern> parsed = MxPattern.parse(text);

            assertTotal(parsed);
            if (parsed.isValid()) {
                assertThat(MxPattern.parse(parsed.value().text()).value()).isEqualTo(parsed.value());
            }
        });
    }

    @Test
    void aWildcardMatchesExactlyOneMoreLabel() {
        Generator<String> label = HostileInputs.label(20);
        forAll("mx wildcard", r -> List.of(label.next(r), HOST.next(r)), pair -> {
            String left = pair.get(0);
            String base = pair.get(1);
            MxPattern wildcard = MxPattern.parse("*." + base).value();

            // RFC 8461 §4.1: "*" matches exactly one left-most label
            assertThat(wildcard.matches(DomainName.of(left + "." + base))).isTrue();
            assertThat(wildcard.matches(DomainName.of(base))).isFalse();
            assertThat(wildcard.matches(DomainName.of(left + "." + left + "." + base))).isFalse();
        });
    }

    @Test
    void domainNameIsTotalAndRoundTrips() {
        forAll("domain name", NAME_LIKE, text -> {
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
        });
    }
}
