package dev.mtasts.core.policy;

import java.util.Objects;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * An {@code mx} value of a policy (RFC 8461 §3.2, {@code ["*."] Domain}) and the MX matching of §4.1.
 * Immutable and thread-safe.
 */
public final class MxPattern {
    private final boolean wildcard;
    private final DomainName base;

    private MxPattern(boolean wildcard, DomainName base) {
        this.wildcard = wildcard;
        this.base = base;
    }

    /** Parses an mx value; never throws. */
    public static Parsed<MxPattern> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Parsed.invalid(0, "the mx value is empty; name an MX host, e.g. 'mx: mail.example.com'");
        }
        boolean wildcard = text.startsWith("*.");
        String rest = wildcard ? text.substring(2) : text;
        if (rest.contains("*")) {
            return Parsed.invalid(0, "mx '" + text + "' has a '*' that is not the whole left-most label"
                    + " (RFC 8461 §3.2 allows only one leading \"*.\", e.g. \"*.example.com\")");
        }
        if (rest.startsWith("[") || rest.contains(":") || looksLikeIpv4(rest)) {
            return Parsed.invalid(0, "mx '" + text + "' is an IP address; mx values must be host names as in the"
                    + " domain's MX records, e.g. 'mx: mail.example.com' (RFC 8461 §3.2)");
        }
        Parsed<DomainName> name = DomainName.parse(rest);
        if (!name.isValid()) {
            return Parsed.invalid(0, "mx '" + text + "': " + name.errors().get(0).reason());
        }
        return Parsed.valid(new MxPattern(wildcard, name.value()));
    }

    private static boolean looksLikeIpv4(String text) {
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.') {
                return false;
            }
        }
        return digit && text.indexOf('.') > 0;
    }

    /**
     * RFC 8461 §4.1: a literal pattern matches the same name; {@code *.base} matches exactly one whole label
     * in front of {@code base} ({@code mail.example.com}, not {@code example.com}, not {@code a.b.example.com}).
     * Case and trailing dots were normalised by {@link DomainName}.
     */
    public boolean matches(DomainName host) {
        if (!wildcard) {
            return base.equals(host);
        }
        String name = host.asciiName();
        String suffix = base.asciiName();
        int labelEnd = name.length() - suffix.length() - 1;
        return labelEnd > 0
                && name.endsWith(suffix)
                && name.charAt(labelEnd) == '.'
                && name.lastIndexOf('.', labelEnd - 1) < 0;
    }

    public boolean isWildcard() {
        return wildcard;
    }

    /** The pattern as it would be written in a policy, e.g. {@code *.example.com}. */
    public String text() {
        return wildcard ? "*." + base.asciiName() : base.asciiName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MxPattern && ((MxPattern) o).wildcard == wildcard && ((MxPattern) o).base.equals(base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wildcard, base);
    }

    @Override
    public String toString() {
        return text();
    }
}
