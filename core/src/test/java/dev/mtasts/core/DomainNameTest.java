package dev.mtasts.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNameTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "example.com           | example.com",
        "MAIL.Example.COM      | mail.example.com",
        "mail.example.com.     | mail.example.com",
        "bücher.example        | xn--bcher-kva.example",
        "MX.BÜCHER.EXAMPLE     | mx.xn--bcher-kva.example",
        "xn--bcher-kva.example | xn--bcher-kva.example",
        "_mta-sts.example.com  | _mta-sts.example.com",
        "localhost             | localhost",
        "1password.com         | 1password.com",
    })
    void shouldNormaliseToLowerCaseALabelsWhenNameIsValid(String input, String expected) {
        Parsed<DomainName> parsed = DomainName.parse(input);

        assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
        assertThat(parsed.value().asciiName()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1}: ''{0}''")
    @CsvSource(delimiter = '|', value = {
        "''                 | empty",
        ".                  | only a dot",
        "a..b               | empty label",
        ".example.com       | leading dot gives an empty label",
        "example.com..      | two trailing dots",
        "1.2.3.4            | IPv4 literal: last label all digits",
        "mail example.com   | space inside",
        "mail@example.com   | '@' is no host-name character",
        "*.example.com      | wildcard is a pattern, not a name",
        "[1.2.3.4]          | address literal",
    })
    void shouldRejectWhenNameIsMalformed(String input, String reason) {
        Parsed<DomainName> parsed = DomainName.parse(input);

        assertThat(parsed.isValid()).as(reason).isFalse();
        assertThat(parsed.errors()).isNotEmpty();
    }

    /** The one-pass check says what is wrong as the label-by-label check did. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "a..b               | it has an empty label",
        "example.com..      | it has an empty label",
        "1.2.3.4            | the last label is all digits",
        "mail.123           | the last label is all digits",
        "mail example.com   | the label 'mail example' contains the character ' '",
        "ok.b@d.com         | the label 'b@d' contains the character '@'",
        "x.*.example        | the label '*' contains the character '*'",
    })
    void shouldSayWhichLabelIsWrongWhenNameIsMalformed(String input, String reason) {
        assertThat(DomainName.parse(input).describeErrors()).contains(reason);
    }

    @Test
    void shouldNameTheLongLabelBeforeABadCharacterInIt() {
        String label = "b".repeat(63) + "!";

        assertThat(DomainName.parse("a." + label + ".example").describeErrors())
            .contains("the label '" + label + "' is longer than 63 characters");
        assertThat(DomainName.parse("123.example").isValid()).isTrue();
    }

    @Test
    void shouldRejectWhenLabelIsLongerThan63Characters() {
        assertThat(DomainName.parse("a".repeat(64) + ".example").isValid()).isFalse();
        assertThat(DomainName.parse("a".repeat(63) + ".example").isValid()).isTrue();
    }

    @Test
    void shouldRejectWhenNameIsLongerThan253Characters() {
        String label = "a".repeat(49);
        String name250 = String.join(".", label, label, label, label, label); // 5*49 + 4 = 249
        assertThat(DomainName.parse(name250 + ".abc").isValid()).isTrue();        // 253
        assertThat(DomainName.parse(name250 + ".abcd").isValid()).isFalse();      // 254
    }

    @Test
    void shouldRejectWhenInputIsNull() {
        assertThat(DomainName.parse(null).isValid()).isFalse();
    }

    @Test
    void shouldBeEqualWhenNamesDifferOnlyInCaseOrTrailingDot() {
        assertThat(DomainName.of("Mail.Example.com.")).isEqualTo(DomainName.of("mail.example.com"))
                .hasSameHashCodeAs(DomainName.of("mail.example.com"));
    }

    @Test
    void shouldPrefixAndStripLabels() {
        DomainName domain = DomainName.of("example.com");

        assertThat(domain.prefixed("_mta-sts").value().asciiName()).isEqualTo("_mta-sts.example.com");
        assertThat(domain.parent()).contains(DomainName.of("com"));
        assertThat(DomainName.of("com").parent()).isEmpty();
    }

    @Test
    void shouldExplainInsteadOfThrowingWhenThePrefixedNameWouldBeTooLong() {
        String label = "a".repeat(63);
        DomainName domain = DomainName.of(label + "." + label + "." + label + "." + "b".repeat(59)); // 251

        Parsed<DomainName> txt = domain.prefixed("_mta-sts");
        Parsed<DomainName> host = DomainName.of("c".repeat(61) + "." + label + "." + label + "." + label)
                .prefixed("mta-sts"); // 253 + 8

        assertThat(txt.isValid()).isFalse();
        assertThat(txt.describeErrors()).contains("_mta-sts." + domain).contains("would be longer than 253");
        assertThat(host.isValid()).isFalse();
        assertThat(DomainName.of("x".repeat(52) + "." + label + "." + label + "." + label).prefixed("_mta-sts")
                .value().asciiName()).hasSize(253); // 244 + 9
    }
}
