package dev.mtasts.core;

import java.net.IDN;
import java.util.Locale;

/**
 * A DNS host or domain name in the one form this project compares: lower-case A-labels (punycode), no
 * trailing dot. Every name that reaches a comparison, a cache key or a file name goes through
 * {@link #parse(String)} once.
 *
 * <p>Accepted: 1 to 127 labels of 1 to 63 characters from {@code [a-z0-9-_]}, at most 253 characters in
 * all, the last label not all digits (so an IPv4 literal is never a domain name). Unicode input is
 * converted to A-labels (RFC 8461 §3.2: mx values for IDNs are A-labels; RFC 8460 §3: all domains as
 * A-labels). Immutable and thread-safe.
 */
public final class DomainName implements Comparable<DomainName> {
    private static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL = 63;

    private final String name;

    private DomainName(String name) {
        this.name = name;
    }

    /** Parses a name; never throws. A trailing dot is ignored, case is folded, U-labels become A-labels. */
    public static Parsed<DomainName> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Parsed.invalid(0, "the name is empty");
        }
        String candidate = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (candidate.isEmpty()) {
            return Parsed.invalid(0, "the name is only a dot");
        }
        if (!isAscii(candidate)) {
            try {
                candidate = IDN.toASCII(candidate, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return Parsed.invalid(0, "'" + text + "' is not a valid internationalised domain name: " + e.getMessage());
            }
        }
        candidate = candidate.toLowerCase(Locale.ROOT);
        String problem = problemWith(candidate);
        if (problem != null) {
            return Parsed.invalid(0, "'" + printable(text) + "' is not a valid domain name: " + problem);
        }
        return Parsed.valid(new DomainName(candidate));
    }

    /** For names known to be valid (constants, tests); throws {@link IllegalArgumentException} otherwise. */
    public static DomainName of(String text) {
        Parsed<DomainName> parsed = parse(text);
        if (!parsed.isValid()) {
            throw new IllegalArgumentException(parsed.errors().get(0).reason());
        }
        return parsed.value();
    }

    /**
     * One pass over the characters, no split and no copies (a start with a million cached policies checks
     * three names per policy); the label is cut out only to describe a problem.
     */
    private static String problemWith(String ascii) {
        int length = ascii.length();
        if (length > MAX_LENGTH) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        int labelStart = 0;
        int badChar = -1;
        boolean allDigits = true;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? ascii.charAt(i) : '.';
            if (c == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0) {
                    return "it has an empty label";
                }
                if (labelLength > MAX_LABEL) {
                    return "the label '" + ascii.substring(labelStart, i) + "' is longer than " + MAX_LABEL
                            + " characters";
                }
                if (badChar >= 0) {
                    return "the label '" + ascii.substring(labelStart, i) + "' contains the character '"
                            + printable(String.valueOf(ascii.charAt(badChar))) + "'";
                }
                if (i == length && allDigits) {
                    return "the last label is all digits (an IP address is not a domain name)";
                }
                labelStart = i + 1;
                badChar = -1;
                allDigits = true;
            } else {
                boolean digit = c >= '0' && c <= '9';
                boolean allowed = digit || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
                if (!allowed && badChar < 0) {
                    badChar = i;
                }
                allDigits &= digit;
            }
        }
        return null;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String text) {
        return RemoteText.clean(text, 300);
    }

    /**
     * The name prefixed with one or more labels, e.g. {@code prefixed("_mta-sts")}; invalid when the result
     * would break a limit of {@link #parse(String)}: a valid domain of 245 or more characters has no valid
     * {@code _mta-sts.} name, so it cannot publish an MTA-STS policy (RFC 1035 §2.3.4, 253 characters
     * written without the trailing dot). Never throws.
     */
    public Parsed<DomainName> prefixed(String label) {
        String whole = label + "." + name;
        if (whole.length() > MAX_LENGTH) {
            return Parsed.invalid(0, "the name " + label + "." + name + " would be longer than " + MAX_LENGTH
                    + " characters (" + whole.length() + ")");
        }
        return parse(whole);
    }

    /** The name without its left-most label, or empty for a single-label name. */
    public java.util.Optional<DomainName> parent() {
        int dot = name.indexOf('.');
        return dot < 0 ? java.util.Optional.empty() : java.util.Optional.of(new DomainName(name.substring(dot + 1)));
    }

    /** Lower-case A-label form, no trailing dot. */
    public String asciiName() {
        return name;
    }

    @Override
    public int compareTo(DomainName other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainName && ((DomainName) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

}
