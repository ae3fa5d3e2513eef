package dev.mtasts.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Text that came from the other side (SMTP replies, EHLO names, policy lines, HTTP headers, DNS strings),
 * made safe to keep, log, report or show: control characters escaped, length capped. Apply it at the boundary
 * where the text enters the plugin, before it is stored in a record, a log line, a report, a DSN or
 * {@code check} output. Stateless and thread-safe; every method is total (null gives the empty string).
 */
public final class RemoteText {
    /** The default cap for one sentence or reply kept from the remote side. */
    public static final int SENTENCE_MAX = 512;
    /** RFC 1035 §2.3.4 / RFC 5321 §4.5.3.1.2: a domain name is at most 255 octets. */
    public static final int HOST_NAME_MAX = 255;
    /** How many items of a remote-sized list are shown before the rest is counted. */
    public static final int LIST_FIRST = 5;

    private RemoteText() {
    }

    /**
     * The text with every control character (C0, DEL, C1, and the Unicode line and paragraph separators and
     * bidirectional controls) written as {@code \xNN} or {@code <U+NNNN>}, cut to at most {@code max}
     * characters of output with {@code …(N more)} telling how much was cut.
     */
    public static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        if (max < 16) {
            throw new IllegalArgumentException("max must be at least 16: " + max);
        }
        String whole = escaped(text, max);
        if (whole != null) {
            return whole;
        }
        // Cut: keep room for the longest possible suffix, then say how many input characters were left out.
        int room = max - ("…( more)".length() + Integer.toString(text.length()).length());
        StringBuilder out = new StringBuilder(max);
        int i = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            String piece = escape(c);
            int length = piece == null ? 1 : piece.length();
            if (out.length() + length > room) {
                break;
            }
            if (piece == null) {
                out.append(c);
            } else {
                out.append(piece);
            }
        }
        return out.append("…(").append(text.length() - i).append(" more)").toString();
    }

    /** The whole text escaped, or null when that is longer than {@code max}. */
    private static String escaped(String text, int max) {
        if (text.length() > max) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String piece = escape(text.charAt(i));
            if (piece != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (piece == null) {
                    out.append(text.charAt(i));
                } else {
                    out.append(piece);
                }
                if (out.length() > max) {
                    return null;
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /** {@link #clean(String, int)} with {@link #SENTENCE_MAX}. */
    public static String clean(String text) {
        return clean(text, SENTENCE_MAX);
    }

    /**
     * A host name as the other side announced it (an EHLO name, a greeting's first word): returned lower-cased
     * when it is a syntactically valid host name of at most 255 octets (LDH labels of 1 to 63 characters, or
     * an address literal in brackets); empty otherwise, so nothing remote-sized or odd is kept.
     */
    public static Optional<String> hostName(String text) {
        if (text == null || text.isEmpty() || text.length() > HOST_NAME_MAX) {
            return Optional.empty();
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            return isAddressLiteral(text.substring(1, text.length() - 1))
                    ? Optional.of(text.toLowerCase(Locale.ROOT)) : Optional.empty();
        }
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty()) {
            return Optional.empty();
        }
        for (String label : name.split("\\.", -1)) {
            if (!isLdhLabel(label)) {
                return Optional.empty();
            }
        }
        return Optional.of(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The first {@code first} items, each cleaned to {@code itemMax}, joined with {@code "; "}, followed by
     * {@code "; and N more"} when the list is longer.
     */
    public static String firstOf(List<String> items, int first, int itemMax) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(first, items.size());
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                out.append("; ");
            }
            out.append(clean(items.get(i), itemMax));
        }
        if (items.size() > shown) {
            out.append("; and ").append(items.size() - shown).append(" more");
        }
        return out.toString();
    }

    private static String escape(char c) {
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
            return String.format(Locale.ROOT, "\\x%02X", (int) c);
        }
        if (c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\ufeff') {
            return String.format(Locale.ROOT, "<U+%04X>", (int) c);
        }
        return null;
    }

    private static boolean isLdhLabel(String label) {
        if (label.isEmpty() || label.length() > 63) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ldh = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ldh) {
                return false;
            }
        }
        return label.charAt(0) != '-' && label.charAt(label.length() - 1) != '-';
    }

    private static boolean isAddressLiteral(String inner) {
        if (inner.isEmpty() || inner.length() > 64) {
            return false;
        }
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.'
                    || c == ':' || (i < 5 && (c == 'I' || c == 'P' || c == 'v' || c == '6' || c == 'i' || c == 'p'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
