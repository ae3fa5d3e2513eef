package dev.mtasts.core.policy;

import static dev.mtasts.core.policy.CoreRules.containsWsp;
import static dev.mtasts.core.policy.CoreRules.isAlnum;
import static dev.mtasts.core.policy.CoreRules.isWsp;
import static dev.mtasts.core.policy.CoreRules.skipWsp;
import static dev.mtasts.core.policy.CoreRules.trimWsp;
import static dev.mtasts.core.policy.CoreRules.trimWspEnd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;

/**
 * Parses the {@code _mta-sts} TXT record of RFC 8461 §3.1 and picks the one record a sender uses out of
 * the TXT records at that name.
 *
 * <pre>
 * sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
 * sts-field       = sts-id / sts-extension
 * sts-field-delim = *WSP ";" *WSP
 * sts-version     = %s"v=STSv1"
 * sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
 * sts-extension   = sts-ext-name "=" sts-ext-value
 * sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 * sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)
 * </pre>
 *
 * <p>Strings of a multi-string TXT record arrive already concatenated (the resolver's job). Records are
 * US-ASCII: the resolver decodes octets as ISO-8859-1, so any character above 0x7f is a non-ASCII octet.
 *
 * <p>Pure, total and thread-safe: every input gives a {@link Parsed}; nothing throws. Error reasons are
 * sentences for the domain's owner (line 0: a TXT record has no lines).
 */
public final class StsTxtParser {
    static final String VERSION = "v=STSv1";
    private static final String EXAMPLE = "\"v=STSv1; id=20160831085700Z;\"";
    private static final int MAX_ID = 32;
    private static final int MAX_EXT_NAME = 32;

    private StsTxtParser() {
    }

    /**
     * RFC 8461 §3.1: of the TXT records at {@code _mta-sts.<domain>}, discards those not beginning with
     * {@code v=STSv1;}; exactly one must remain, which is then parsed. Zero or several: invalid (the domain
     * has no usable policy right now; that alone does not evict a cached policy, §5.1).
     *
     * @param records the TXT records, each with its strings already joined; null entries are skipped
     */
    public static Parsed<StsTxtRecord> select(List<String> records) {
        if (records == null) {
            return Parsed.invalid(0, "there are no TXT records to choose from");
        }
        List<String> candidates = new ArrayList<>();
        List<String> nearMisses = new ArrayList<>();
        for (String record : records) {
            if (record == null) {
                continue;
            }
            if (beginsWithVersion(record)) {
                candidates.add(record);
            } else if (record.trim().toLowerCase(Locale.ROOT).startsWith("v=stsv1")) {
                nearMisses.add(record);
            }
        }
        if (candidates.size() == 1) {
            return parse(candidates.get(0));
        }
        if (candidates.size() > 1) {
            return Parsed.invalid(0, "found " + candidates.size() + " STSv1 records among " + count(records.size())
                    + ", but exactly one is allowed (RFC 8461 §3.1); until all but one are removed, senders treat"
                    + " the domain as having no MTA-STS policy");
        }
        List<ParseError> errors = new ArrayList<>();
        errors.add(new ParseError(0, "no STSv1 record among " + count(records.size())
                + ": exactly one TXT record must begin with \"v=STSv1;\", e.g. " + EXAMPLE + " (RFC 8461 §3.1)"));
        for (String nearMiss : nearMisses) {
            // Every near miss fails to parse: a record that parses begins with "v=STSv1" *WSP ";".
            for (ParseError error : parse(nearMiss).errors()) {
                errors.add(new ParseError(0, "the record \"" + Printable.of(nearMiss) + "\" looks like an MTA-STS"
                        + " record but was discarded: " + error.reason()));
            }
        }
        return Parsed.invalid(errors);
    }

    // SPEC-GAP: §3.1 says to discard records "not beginning with v=STSv1;", yet its ABNF allows whitespace
    // before the ';' ("v=STSv1 ; id=..."). We count such a record as an STSv1 record: it is valid by the
    // ABNF, and discarding it would leave the domain without a policy (less secure for the sender).
    private static boolean beginsWithVersion(String record) {
        if (!record.startsWith(VERSION)) {
            return false;
        }
        int i = skipWsp(record, VERSION.length());
        return i < record.length() && record.charAt(i) == ';';
    }

    private static String count(int records) {
        return records == 1 ? "1 TXT record" : records + " TXT records";
    }

    /** RFC 8461 §3.1: parses one record (strings already joined). Never throws. */
    public static Parsed<StsTxtRecord> parse(String record) {
        if (record == null || record.isEmpty()) {
            return Parsed.invalid(0, "the record is empty; an MTA-STS record looks like " + EXAMPLE);
        }
        String charProblem = characterProblem(record);
        if (charProblem != null) {
            return Parsed.invalid(0, charProblem);
        }
        String versionProblem = versionProblem(record);
        if (versionProblem != null) {
            return Parsed.invalid(0, versionProblem);
        }
        return parseFields(record);
    }

    // RFC 8461 §3.1: "Records ... MUST be US-ASCII"; control characters match no rule of the ABNF.
    private static String characterProblem(String record) {
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c > 0x7f) {
                return "the record contains the non-ASCII character " + Printable.codePoint(c) + " at position "
                        + (i + 1) + "; MTA-STS TXT records must be US-ASCII (RFC 8461 §3.1)";
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return "the record contains the control character " + Printable.codePoint(c) + " at position "
                        + (i + 1) + "; only printable ASCII, spaces and tabs may appear (RFC 8461 §3.1)";
            }
        }
        return null;
    }

    private static String versionProblem(String record) {
        if (record.startsWith(VERSION)) {
            int end = VERSION.length();
            if (end == record.length() || record.charAt(end) == ';' || isWsp(record.charAt(end))) {
                int next = skipWsp(record, end);
                if (next < record.length() && record.charAt(next) != ';') {
                    return "fields must be separated by ';', but 'v=STSv1' is followed by '"
                            + Printable.of(record.substring(next, Math.min(record.length(), next + 20)))
                            + "'; write it like " + EXAMPLE;
                }
                return null;
            }
            return "the version field is '" + Printable.of(firstField(record)) + "' but must be exactly 'v=STSv1'"
                    + " followed by ';', e.g. " + EXAMPLE + " (RFC 8461 §3.1)";
        }
        String trimmed = record.trim();
        if (trimmed.startsWith(VERSION)) {
            return "the record begins with whitespace; 'v=STSv1' must be its very first characters, e.g. " + EXAMPLE;
        }
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("v=stsv1")) {
            return "the version field is '" + Printable.of(firstField(trimmed)) + "' but must be exactly 'v=STSv1'"
                    + " (it is case-sensitive), e.g. " + EXAMPLE + " (RFC 8461 §3.1)";
        }
        if (record.contains(VERSION)) {
            return "'v=STSv1' must be the first field, but the record begins with '" + Printable.of(firstField(record))
                    + "'; write it like " + EXAMPLE + " (RFC 8461 §3.1)";
        }
        return "the record does not begin with 'v=STSv1', so it is not an MTA-STS record; an MTA-STS record looks like "
                + EXAMPLE;
    }

    private static Parsed<StsTxtRecord> parseFields(String record) {
        List<ParseError> errors = new ArrayList<>();
        List<ParseError> warnings = new ArrayList<>();
        String id = null;
        boolean idFieldSeen = false;
        String caseMismatchedId = null;
        Map<String, String> extensions = new LinkedHashMap<>();
        String[] parts = record.substring(VERSION.length()).split(";", -1);
        int last = parts.length - 1;
        // parts[0] is the whitespace between "v=STSv1" and the first ';' (checked by versionProblem).
        for (int p = 1; p < parts.length; p++) {
            String part = parts[p];
            String field = trimWsp(part);
            if (field.isEmpty()) {
                if (p < last) {
                    // SPEC-GAP: ";;" (an empty field) is outside the ABNF but carries no meaning; tolerated.
                    warnings.add(new ParseError(0, "there is an empty field between two ';' (field " + p
                            + "); remove the extra ';' (other senders may reject the record)"));
                }
                continue;
            }
            if (p == last && trimWspEnd(part).length() != part.length()) {
                // SPEC-GAP: whitespace after the last field without a final ';' is outside the ABNF but
                // changes nothing; rejecting the record would cost the sender its policy, so it is tolerated.
                warnings.add(new ParseError(0, "the record ends in whitespace; end it after the last field or"
                        + " with ';' (other senders may reject the record)"));
            }
            int eq = field.indexOf('=');
            if (eq < 0) {
                errors.add(new ParseError(0, "the field '" + field + "' has no '='; fields are written"
                        + " name=value and separated by ';', e.g. " + EXAMPLE));
                continue;
            }
            String name = field.substring(0, eq);
            String value = field.substring(eq + 1);
            if (containsWsp(field)) {
                errors.add(new ParseError(0, "the field '" + field + "' contains whitespace; values cannot contain"
                        + " spaces and fields must be separated by ';' (RFC 8461 §3.1)"));
                continue;
            }
            if (name.equals("id")) {
                idFieldSeen = true;
                // RFC 8461 §3.1: sts-id = %s"id=" 1*32(ALPHA / DIGIT).
                // SPEC-GAP: "id=a-b" also matches sts-extension, which would leave the record without an id.
                // A field named exactly "id" is always read as the id, so a bad id gets a precise reason.
                String problem = idProblem(value);
                if (problem != null) {
                    errors.add(new ParseError(0, problem));
                } else if (id == null) {
                    id = value;
                } else {
                    // SPEC-GAP: §3.1 does not say what two id fields mean. We keep the first, as §3.2 does
                    // for a policy's repeated keys: the id only signals a change, and rejecting the record
                    // would cost the sender its policy.
                    warnings.add(new ParseError(0, "the record has more than one id field; only the first ('"
                            + id + "') is used and '" + value + "' is ignored, and other senders may reject the"
                            + " record: keep exactly one"));
                }
                continue;
            }
            String problem = extensionProblem(name, value);
            if (problem != null) {
                errors.add(new ParseError(0, problem));
            } else if (extensions.containsKey(name)) {
                // SPEC-GAP: repeated extension: the first is kept, like a policy's repeated keys (§3.2).
                warnings.add(new ParseError(0, "the field '" + name + "' appears more than once; the first"
                        + " value is kept"));
            } else {
                extensions.put(name, value);
                if (name.equalsIgnoreCase("id") && caseMismatchedId == null) {
                    caseMismatchedId = name;
                }
            }
        }
        if (!idFieldSeen) {
            String hint = caseMismatchedId == null ? ""
                    : " (the field '" + caseMismatchedId + "' is not 'id': field names are case-sensitive)";
            errors.add(new ParseError(0, "the record has no id field" + hint + "; add one of 1 to 32 letters and"
                    + " digits that you change whenever the policy changes, e.g. " + EXAMPLE + " (RFC 8461 §3.1)"));
        }
        if (!errors.isEmpty()) {
            return Parsed.invalid(errors, warnings);
        }
        return Parsed.valid(new StsTxtRecord(id, extensions, record), warnings);
    }

    private static String idProblem(String value) {
        if (value.isEmpty()) {
            return "the id is empty; it must be 1 to 32 letters and digits, e.g. " + EXAMPLE + " (RFC 8461 §3.1)";
        }
        if (value.length() > MAX_ID) {
            return "the id '" + value + "' is " + value.length() + " characters long; it must be 1 to 32 letters"
                    + " and digits (RFC 8461 §3.1)";
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isAlnum(value.charAt(i))) {
                return "the id '" + value + "' contains '" + value.charAt(i) + "'; it may contain only letters and"
                        + " digits (1 to 32 of them, e.g. a timestamp like 20160831085700Z) (RFC 8461 §3.1)";
            }
        }
        return null;
    }

    private static String extensionProblem(String name, String value) {
        if (name.isEmpty()) {
            return "the field '" + name + "=" + value + "' has no name before '=' (RFC 8461 §3.1)";
        }
        if (name.length() > MAX_EXT_NAME) {
            return "the field name '" + name + "' is longer than 32 characters (RFC 8461 §3.1)";
        }
        if (!isAlnum(name.charAt(0))) {
            return "the field name '" + name + "' must begin with a letter or digit (RFC 8461 §3.1)";
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlnum(c) && c != '_' && c != '-' && c != '.') {
                return "the field name '" + name + "' contains '" + c + "'; names may contain only letters, digits,"
                        + " '_', '-' and '.' (RFC 8461 §3.1)";
            }
        }
        if (value.isEmpty()) {
            return "the field '" + name + "' has an empty value; write name=value or remove the field"
                    + " (RFC 8461 §3.1)";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=') {
                return "the value of the field '" + name + "' contains '='; values may not contain '=', ';' or"
                        + " spaces (RFC 8461 §3.1)";
            }
        }
        return null;
    }

    private static String firstField(String record) {
        int end = 0;
        while (end < record.length() && record.charAt(end) != ';' && !isWsp(record.charAt(end)) && end < 40) {
            end++;
        }
        return record.substring(0, end);
    }
}
