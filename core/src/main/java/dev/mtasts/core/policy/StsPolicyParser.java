package dev.mtasts.core.policy;

import static dev.mtasts.core.policy.CoreRules.isAscii;
import static dev.mtasts.core.policy.CoreRules.isWsp;
import static dev.mtasts.core.policy.CoreRules.skipWsp;
import static dev.mtasts.core.policy.CoreRules.trimWspEnd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;

/**
 * Parses an MTA-STS policy file (RFC 8461 §3.2), already decoded from UTF-8.
 *
 * <pre>
 * sts-policy-record  = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
 * sts-policy-field   = version / mode / max_age / mx / extension, each key ":" *WSP value
 * sts-policy-term    = LF / CRLF
 * version: STSv1     mode: enforce / testing / none     max_age: 1*10DIGIT (at most 31557600)
 * mx: ["*."] Domain  (at least once unless mode is none)
 * </pre>
 *
 * <p>Exact on what carries meaning: {@code version}, {@code mode}, {@code max_age} and {@code mx} must be
 * present and valid, case-sensitively, or the policy is invalid. Lenient, with a warning, on deviations
 * from the ABNF that change no meaning (blank lines, a bare CR, whitespace around keys): a sender that
 * rejects a policy treats the domain as having none, which is less secure than applying it. Each such
 * choice is marked {@code SPEC-GAP} below.
 *
 * <p>Pure, total and thread-safe: every input gives a {@link Parsed}; nothing throws. Every error and
 * warning carries the 1-based line it concerns.
 */
public final class StsPolicyParser {
    /** RFC 8461 §3.2: "max_age ... maximum value of 31557600". */
    public static final long MAX_AGE_LIMIT = 31_557_600L;
    private static final int MAX_AGE_DIGITS = 10;
    private static final long ONE_DAY = 86_400L;
    private static final String[] KEYS = {"version", "mode", "max_age", "mx"};

    private StsPolicyParser() {
    }

    /** Parses a policy body; never throws. Null or empty input is invalid. */
    public static Parsed<StsPolicy> parse(String body) {
        if (body == null || body.isEmpty()) {
            return Parsed.invalid(1, "the policy is empty; it needs at least 'version: STSv1', 'mode: ...',"
                    + " 'max_age: ...' and (unless mode is none) 'mx: ...' lines (RFC 8461 §3.2)");
        }
        return new Run().parse(body);
    }

    /** The state of one parse; confined to the calling thread. */
    private static final class Run {
        private final List<ParseError> errors = new ArrayList<>();
        private final List<ParseError> warnings = new ArrayList<>();
        private final Map<String, Integer> firstLineOfKey = new HashMap<>();
        private final Map<String, String> nearMisses = new HashMap<>();
        private final List<MxPattern> mxPatterns = new ArrayList<>();
        private PolicyMode mode;
        private long maxAge = -1;

        Parsed<StsPolicy> parse(String body) {
            String text = body;
            if (text.charAt(0) == '\uFEFF') {
                // SPEC-GAP: a UTF-8 byte order mark is not part of the ABNF; some editors write one. It
                // changes no meaning, so it is dropped (also from the verbatim lines) with a warning.
                text = text.substring(1);
                warnings.add(new ParseError(1, "the policy begins with a byte order mark (U+FEFF); save the file"
                        + " as UTF-8 without BOM"));
            }
            PolicyLines split = PolicyLines.split(text);
            List<String> lines = split.lines();
            if (split.firstBareCrLine() > 0) {
                // SPEC-GAP: §3.2 ends lines with LF or CRLF only. A bare CR is read as a line end (the
                // alternative, CR inside a value, would make e.g. "enforce\r" an invalid mode for no reason).
                warnings.add(new ParseError(split.firstBareCrLine(), "the line ends in a bare CR; end lines with"
                        + " LF or CRLF (RFC 8461 §3.2); bare CRs were read as line ends"));
            }
            for (int i = 0; i < lines.size(); i++) {
                parseLine(i + 1, lines.get(i));
            }
            checkRequired(Math.max(1, lines.size()));
            if (!errors.isEmpty()) {
                return Parsed.invalid(errors, warnings);
            }
            return Parsed.valid(new StsPolicy(mode, mxPatterns, maxAge, lines), warnings);
        }

        private void parseLine(int lineNo, String line) {
            int start = skipWsp(line, 0);
            if (start == line.length()) {
                // SPEC-GAP: the ABNF has no blank lines, but one carries no meaning; ignored with a warning.
                warnings.add(new ParseError(lineNo, "the line is blank; remove it (RFC 8461 §3.2 allows no blank"
                        + " lines)"));
                return;
            }
            if (start > 0) {
                // SPEC-GAP: whitespace before a key is outside the ABNF; the key is read without it.
                warnings.add(new ParseError(lineNo, "the line begins with whitespace; keys must start the line"));
            }
            int colon = line.indexOf(':', start);
            if (colon < 0) {
                // SPEC-GAP: a line without ':' is no field of the ABNF; it is ignored like an unknown key.
                // If it was meant as a known field, the missing-field error says so.
                String word = firstWord(line.substring(start));
                String known = knownKeyLike(word);
                warnings.add(new ParseError(lineNo, "the line '" + Printable.of(line) + "' has no ':' and was"
                        + " ignored; fields are written key: value" + (known == null ? ""
                        : ", e.g. '" + known + ": ...'")));
                if (known != null) {
                    nearMisses.putIfAbsent(known, "line " + lineNo + " is '" + Printable.of(line.trim())
                            + "', which has no ':'; write '" + known + ": ...'");
                }
                return;
            }
            String key = line.substring(start, colon);
            String trimmedKey = trimWspEnd(key);
            if (trimmedKey.length() != key.length()) {
                // SPEC-GAP: the delimiter is ":" *WSP; whitespace before ':' changes no meaning; tolerated.
                warnings.add(new ParseError(lineNo, "there is whitespace before ':'; write '" + trimmedKey
                        + ": ...'"));
            }
            String value = trimWspEnd(line.substring(skipWsp(line, colon + 1)));
            field(lineNo, trimmedKey, value);
        }

        private void field(int lineNo, String key, String value) {
            if (key.equals("mx")) {
                mx(lineNo, value);
                return;
            }
            if (!isKnown(key)) {
                extension(lineNo, key);
                return;
            }
            Integer first = firstLineOfKey.putIfAbsent(key, lineNo);
            if (first != null) {
                // RFC 8461 §3.2: a repeated key other than mx: the first occurrence wins.
                warnings.add(new ParseError(lineNo, "'" + key + "' is repeated (first on line " + first + "); the"
                        + " first value is used and this one is ignored: remove it"));
                return;
            }
            if (key.equals("version")) {
                // RFC 8461 §3.2: sts-policy-version-value = %s"STSv1".
                if (!value.equals("STSv1")) {
                    errors.add(new ParseError(lineNo, "the version is '" + Printable.of(value) + "' but must be"
                            + " exactly 'STSv1' (case-sensitive): write 'version: STSv1'"));
                }
            } else if (key.equals("mode")) {
                modeField(lineNo, value);
            } else {
                maxAgeField(lineNo, value);
            }
        }

        // RFC 8461 §3.2: sts-policy-mode-value = %s"testing" / %s"enforce" / %s"none".
        private void modeField(int lineNo, String value) {
            mode = PolicyMode.fromText(value).orElse(null);
            if (mode == null) {
                boolean caseOnly = PolicyMode.fromText(value.toLowerCase(Locale.ROOT)).isPresent();
                errors.add(new ParseError(lineNo, "the mode is '" + Printable.of(value) + "' but must be one of"
                        + " enforce, testing, none" + (caseOnly ? " (values are case-sensitive: write '"
                        + value.toLowerCase(Locale.ROOT) + "')" : "")));
            }
        }

        // RFC 8461 §3.2: sts-policy-max-age-value = 1*10DIGIT, "maximum value of 31557600". Larger values
        // are rejected, never clamped: the sender cannot know what the author meant.
        private void maxAgeField(int lineNo, String value) {
            if (value.isEmpty()) {
                errors.add(new ParseError(lineNo, "max_age has no value; give the policy lifetime in seconds,"
                        + " e.g. 'max_age: 604800' (one week)"));
                return;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    errors.add(new ParseError(lineNo, "max_age '" + Printable.of(value) + "' is not a whole number"
                            + " of seconds (digits only), e.g. 'max_age: 604800'"));
                    return;
                }
            }
            if (value.length() > MAX_AGE_DIGITS) {
                errors.add(new ParseError(lineNo, "max_age '" + value + "' has " + value.length() + " digits; it"
                        + " may have at most 10 and be at most " + MAX_AGE_LIMIT + " (one year) (RFC 8461 §3.2)"));
                return;
            }
            long seconds = Long.parseLong(value);
            if (seconds > MAX_AGE_LIMIT) {
                errors.add(new ParseError(lineNo, "max_age " + seconds + " is larger than " + MAX_AGE_LIMIT
                        + " (one year), the most RFC 8461 §3.2 allows; senders reject the policy: use "
                        + MAX_AGE_LIMIT + " or less"));
                return;
            }
            maxAge = seconds;
            if (seconds < ONE_DAY) {
                warnings.add(new ParseError(lineNo, "max_age " + seconds + " is less than a day; RFC 8461 §3.2"
                        + " expects weeks or more, so that a policy outlives an attack at refresh time"));
            }
        }

        // RFC 8461 §3.2: sts-policy-mx-value = ["*."] Domain; mx may repeat.
        private void mx(int lineNo, String value) {
            firstLineOfKey.putIfAbsent("mx", lineNo);
            Parsed<MxPattern> pattern = MxPattern.parse(value);
            if (!pattern.isValid()) {
                errors.add(new ParseError(lineNo, pattern.errors().get(0).reason()));
                return;
            }
            mxPatterns.add(pattern.value());
            if (value.endsWith(".")) {
                // SPEC-GAP: RFC 5321's Domain has no trailing dot; it changes no meaning, so it is tolerated.
                warnings.add(new ParseError(lineNo, "the mx '" + value + "' ends with a dot; write '"
                        + pattern.value().text() + "'"));
            }
            if (!isAscii(value)) {
                warnings.add(new ParseError(lineNo, "the mx '" + value + "' is not written in A-labels; it was"
                        + " read as '" + pattern.value().text() + "': write that (RFC 8461 §3.2)"));
            }
        }

        private void extension(int lineNo, String key) {
            // RFC 8461 §3.2: unknown keys are ignored. A known key in another case or spelling is only an
            // unknown key, so it is pointed out: the missing-field error would otherwise puzzle the author.
            String known = knownKeyLike(key);
            if (known != null) {
                warnings.add(new ParseError(lineNo, "the key '" + Printable.of(key) + "' is not '" + known + "' (keys"
                        + " are case-sensitive and spelt exactly); it is ignored as an unknown key"));
                nearMisses.putIfAbsent(known, "line " + lineNo + " has the key '" + Printable.of(key)
                        + "', but keys must be spelt exactly, case included: write '" + known + "'");
            } else if (!CoreRules.isExtensionName(key)) {
                // SPEC-GAP: a key outside sts-policy-ext-name breaks the ABNF but, being unknown, means
                // nothing to a sender; ignored with a warning rather than rejecting the policy.
                warnings.add(new ParseError(lineNo, "the key '" + Printable.of(key) + "' is not a valid key name"
                        + " (a letter or digit, then up to 31 letters, digits, '_', '-', '.'); it is ignored"));
            }
        }

        private void checkRequired(int lastLine) {
            if (!firstLineOfKey.containsKey("version")) {
                errors.add(missing(lastLine, "version", "'version: STSv1'"));
            }
            if (!firstLineOfKey.containsKey("mode")) {
                errors.add(missing(lastLine, "mode", "'mode: enforce', 'mode: testing' or 'mode: none'"));
            }
            if (!firstLineOfKey.containsKey("max_age")) {
                errors.add(missing(lastLine, "max_age", "'max_age: 604800' (seconds; one week)"));
            }
            if (!firstLineOfKey.containsKey("mx") && mode != null && mode != PolicyMode.NONE) {
                // RFC 8461 §3.2: mx is required at least once unless mode is none. Reported on the mode line.
                errors.add(new ParseError(firstLineOfKey.get("mode"), "the mode is " + mode + " but the policy"
                        + " has no 'mx' line; add one for each MX host (or '*.' pattern), e.g. 'mx:"
                        + " mail.example.com' (RFC 8461 §3.2)" + nearMissHint("mx")));
            }
        }

        private ParseError missing(int lastLine, String key, String example) {
            return new ParseError(lastLine, "the policy has no '" + key + "' line; add " + example
                    + " (RFC 8461 §3.2)" + nearMissHint(key));
        }

        private String nearMissHint(String key) {
            String seen = nearMisses.get(key);
            return seen == null ? "" : " (" + seen + ")";
        }
    }

    private static boolean isKnown(String key) {
        for (String known : KEYS) {
            if (known.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The known key that {@code word} misspells by case, '-' for '_' or a missing '_'; null if none. */
    private static String knownKeyLike(String word) {
        String folded = word.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (String known : KEYS) {
            if (known.replace("_", "").equals(folded)) {
                return known;
            }
        }
        return null;
    }

    private static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && !isWsp(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }
}
