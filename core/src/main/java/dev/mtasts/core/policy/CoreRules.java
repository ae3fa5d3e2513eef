package dev.mtasts.core.policy;

/**
 * The RFC 5234 Appendix B.1 core rules the MTA-STS grammars use (WSP, ALPHA, DIGIT), and the trimming
 * built on them. Only WSP (space and tab) counts as whitespace: never Java's wider notion. Stateless.
 */
final class CoreRules {
    private CoreRules() {
    }

    /** {@code WSP = SP / HTAB}. */
    static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code ALPHA / DIGIT}, ASCII only. */
    static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** {@code (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")}: sts-ext-name and sts-policy-ext-name. */
    static boolean isExtensionName(String name) {
        if (name.isEmpty() || name.length() > 32 || !isAlnum(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlnum(c) && c != '_' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    static boolean containsWsp(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isWsp(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The index of the first non-WSP character at or after {@code from} (the length if none). */
    static int skipWsp(String text, int from) {
        int i = from;
        while (i < text.length() && isWsp(text.charAt(i))) {
            i++;
        }
        return i;
    }

    static String trimWsp(String text) {
        return trimWspEnd(text.substring(skipWsp(text, 0)));
    }

    static String trimWspEnd(String text) {
        int end = text.length();
        while (end > 0 && isWsp(text.charAt(end - 1))) {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }
}
