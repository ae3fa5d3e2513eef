package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

class MxPatternTest {

    @ParameterizedTest(name = "{0} vs {1}: {2} ({3})")
    @CsvSource(delimiter = '|', value = {
        // RFC 8461 §4.1 examples first
        "*.example.com            | mail.example.com      | true  | wildcard matches one left-most label",
        "*.example.com            | example.com           | false | wildcard needs a label in front",
        "*.example.com            | a.b.example.com       | false | wildcard matches exactly one label",
        "mail.example.com         | mail.example.com      | true  | literal matches itself",
        "mail.example.com         | mx.example.com        | false | literal matches only itself",
        "mail.example.com         | MAIL.EXAMPLE.COM      | true  | matching is case-insensitive",
        "*.EXAMPLE.com            | Mail.Example.Com      | true  | case-insensitive with wildcard",
        "mail.example.com.        | mail.example.com      | true  | trailing dot in pattern ignored",
        "mail.example.com         | mail.example.com.     | true  | trailing dot in host ignored",
        "*.example.com            | mail.example.com.     | true  | trailing dot with wildcard",
        "*.xn--bcher-kva.example  | mx.bücher.example     | true  | Unicode host against A-label pattern",
        "mx.xn--bcher-kva.example | MX.BÜCHER.EXAMPLE     | true  | Unicode upper-case host",
        "*.example.com            | mailexample.com       | false | suffix must start at a label boundary",
        "*.example.com            | mail.example.com.evil | false | pattern is not a prefix match",
        "*.example.com            | mail.notexample.com   | false | label boundary on the left",
        "*.com                    | example.com           | true  | one label in front of com",
    })
    void shouldMatchAsRfc8461Section41Says(String pattern, String host, boolean expected, String reason) {
        MxPattern mx = MxPattern.parse(pattern).value();

        assertThat(mx.matches(DomainName.of(host))).as(reason).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "mail.example.com       | mail.example.com       | false",
        "*.example.com          | *.example.com          | true",
        "*.Example.COM.         | *.example.com          | true",
        "mx.bücher.example      | mx.xn--bcher-kva.example | false",
    })
    void shouldParseWhenPatternIsValid(String input, String text, boolean wildcard) {
        Parsed<MxPattern> parsed = MxPattern.parse(input);

        assertThat(parsed.isValid()).as(parsed.describeErrors()).isTrue();
        assertThat(parsed.value().text()).isEqualTo(text);
        assertThat(parsed.value().isWildcard()).isEqualTo(wildcard);
    }

    @ParameterizedTest(name = "{1}: ''{0}''")
    @CsvSource(delimiter = '|', value = {
        "''                 | empty value                                  | empty",
        "*.*.example.com    | '*' only as the whole left-most label        | '*'",
        "mail.*.example.com | '*' in the middle                            | '*'",
        "*example.com       | '*' not followed by a dot                    | '*'",
        "*                  | '*' alone                                    | '*'",
        "*.                 | wildcard without a base                      | empty",
        "1.2.3.4            | IPv4 literal                                 | IP address",
        "[1.2.3.4]          | bracketed address literal                    | IP address",
        "2001:db8::1        | IPv6 literal                                 | IP address",
        "[IPv6:2001:db8::1] | RFC 5321 IPv6 literal                        | IP address",
        "mail example.com   | space inside                                 | not a valid domain name",
        "a..example.com     | empty label                                  | empty label",
    })
    void shouldRejectWhenPatternIsMalformed(String input, String reason, String expectedText) {
        Parsed<MxPattern> parsed = MxPattern.parse(input);

        assertThat(parsed.isValid()).as(reason).isFalse();
        assertThat(parsed.errors().get(0).reason()).as(reason).contains(expectedText);
    }
}
