package dev.mtasts.core.policy;

/** Renders untrusted input for error sentences: control characters escaped, long text cut. Stateless. */
final class Printable {
    private static final int MAX = 80;

    private Printable() {
    }

    /** The text with control characters as {@code \xNN}, cut after 80 characters with "...". */
    static String of(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (i == MAX) {
                out.append("...");
                break;
            }
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format(java.util.Locale.ROOT, "\\x%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code U+00E9 ('é')}, or just {@code U+000A} for a control character. */
    static String codePoint(char c) {
        String hex = String.format("U+%04X", (int) c);
        boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
        return control ? hex : hex + " ('" + c + "')";
    }
}
