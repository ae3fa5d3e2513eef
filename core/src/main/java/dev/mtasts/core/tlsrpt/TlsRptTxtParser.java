package dev.mtasts.core.tlsrpt;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;

/**
 * Parses {@code _smtp._tls} TXT records (RFC 8460 §3). Pure and total: every input gives a valid record or
 * the reasons it is invalid; nothing throws. Stateless and thread-safe.
 *
 * <p>A URI of an unsupported scheme or with bad syntax is skipped with a reason (kept in
 * {@link TlsRptTxtRecord#skipped()}); the record is invalid only when no usable URI remains.
 */
public final class TlsRptTxtParser {
    static final String VERSION = "v=TLSRPTv1";
    private static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
    // RFC 8460 §3: tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
    private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");

    private TlsRptTxtParser() {
    }

    /**
     * Picks the one TLS-RPT record among all TXT records of {@code _smtp._tls.<domain>} and parses it.
     * RFC 8460 §3: records that do not begin with {@code v=TLSRPTv1;} are discarded; exactly one must remain.
     */
    public static Parsed<TlsRptTxtRecord> parseRecords(List<String> txtRecords) {
        List<String> candidates = new ArrayList<>();
        for (String record : txtRecords) {
            if (record != null && isVersioned(record)) {
                candidates.add(record);
            }
        }
        if (candidates.isEmpty()) {
            return Parsed.invalid(0, "none of the " + txtRecords.size() + " TXT record(s) begins with 'v=TLSRPTv1;'");
        }
        if (candidates.size() > 1) {
            return Parsed.invalid(0, candidates.size() + " TXT records begin with 'v=TLSRPTv1;': exactly one must"
                    + " (RFC 8460 §3); remove all but one");
        }
        return parse(candidates.get(0));
    }

    // SPEC-GAP: §3 says records "not beginning with v=TLSRPTv1;" are discarded, while the ABNF's field-delim
    // allows WSP before ";". We keep a record whose version is followed by *WSP ";" (or nothing), so that
    // such a record gets a precise reason instead of silently vanishing.
    private static boolean isVersioned(String record) {
        if (!record.startsWith(VERSION)) {
            return false;
        }
        String rest = stripWsp(record.substring(VERSION.length()));
        return rest.isEmpty() || rest.charAt(0) == ';';
    }

    /** Parses one record (strings already concatenated). */
    public static Parsed<TlsRptTxtRecord> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Parsed.invalid(0, "the record is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return Parsed.invalid(0, String.format("the record contains the character \\x%02x at position %d:"
                        + " only printable US-ASCII is allowed", (int) c, i + 1));
            }
        }
        if (!text.startsWith(VERSION)) {
            return Parsed.invalid(0, "the record does not begin with 'v=TLSRPTv1' (RFC 8460 §3)");
        }
        // RFC 8460 §3: ";" inside a URI must be percent-encoded, so every literal ";" is a field delimiter.
        String[] fields = text.substring(VERSION.length()).split(";", -1);
        if (!stripWsp(fields[0]).isEmpty()) {
            return Parsed.invalid(0, "the version 'v=TLSRPTv1' must be followed by ';', not '" + fields[0] + "'");
        }
        List<String> ruaValues = new ArrayList<>();
        for (int i = 1; i < fields.length; i++) {
            String field = stripWsp(fields[i]);
            if (field.isEmpty()) {
                if (i == fields.length - 1 && i > 1) {
                    break; // RFC 8460 §3: one trailing field-delim is allowed
                }
                return Parsed.invalid(0, "field " + i + " is empty (two ';' in a row, or nothing after the version)");
            }
            int eq = field.indexOf('=');
            if (eq < 0) {
                return Parsed.invalid(0, "field '" + field + "' has no '=': fields are name=value");
            }
            String name = field.substring(0, eq);
            String value = field.substring(eq + 1);
            // RFC 8460 §3: %s"rua=" is case-sensitive; anything else is an extension, ignored if well-formed
            if (name.equals("rua")) {
                ruaValues.add(value);
            } else if (!EXT_NAME.matcher(name).matches()) {
                return Parsed.invalid(0, "field name '" + name + "' is not a valid extension name (RFC 8460 §3)");
            } else if (!EXT_VALUE.matcher(value).matches()) {
                return Parsed.invalid(0, "the value of extension field '" + name + "' is empty or contains a space, ';' or '='");
            }
        }
        if (ruaValues.isEmpty()) {
            return Parsed.invalid(0, "the record has no 'rua=' field, so there is nowhere to send reports");
        }
        // SPEC-GAP: §3 does not say what two rua fields mean; guessing which one the owner meant could send
        // reports to a stale address, so the record is refused.
        if (ruaValues.size() > 1) {
            return Parsed.invalid(0, "the record has " + ruaValues.size() + " 'rua=' fields: publish one, with the"
                    + " URIs separated by ','");
        }
        return parseRua(ruaValues.get(0), text);
    }

    private static Parsed<TlsRptTxtRecord> parseRua(String value, String text) {
        Set<ReportUri> usable = new LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        // RFC 8460 §3: tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri); "," inside a URI is percent-encoded
        for (String raw : value.split(",", -1)) {
            String uri = stripWsp(raw);
            String problem = null;
            ReportUri parsed = null;
            if (uri.isEmpty()) {
                problem = "an empty URI in 'rua=' (a stray ',')";
            } else if (uri.indexOf('!') >= 0) {
                problem = "'" + uri + "': '!' inside a URI must be percent-encoded as %21 (RFC 8460 §3)";
            } else {
                Parsed<ReportUri> result = toReportUri(uri);
                if (result.isValid()) {
                    parsed = result.value();
                } else {
                    problem = "'" + uri + "': " + result.describeErrors();
                }
            }
            if (parsed != null) {
                usable.add(parsed);
            } else {
                skipped.add(RemoteText.clean(problem));
            }
        }
        if (usable.isEmpty()) {
            return Parsed.invalid(0, "no usable URI in 'rua=': "
                    + RemoteText.firstOf(skipped, RemoteText.LIST_FIRST, RemoteText.SENTENCE_MAX));
        }
        return Parsed.valid(new TlsRptTxtRecord(new ArrayList<>(usable), skipped, text));
    }

    /**
     * Parses one rua URI (without the record around it), e.g. one read back from a delivery status; total.
     */
    public static Parsed<ReportUri> parseUri(String uri) {
        if (uri == null || uri.isEmpty() || uri.indexOf('!') >= 0 || uri.indexOf(',') >= 0 || uri.indexOf(';') >= 0) {
            return Parsed.invalid(0, "a rua URI is not empty and has no literal ',' '!' ';' (RFC 8460 §3)");
        }
        return toReportUri(uri);
    }

    private static Parsed<ReportUri> toReportUri(String text) {
        if (text.indexOf(' ') >= 0 || text.indexOf('\t') >= 0) {
            return Parsed.invalid(0, "it contains whitespace; separate URIs with ',' (RFC 8460 §3)");
        }
        if (text.equalsIgnoreCase("mailto:")) {
            return Parsed.invalid(0, "it has no e-mail address, e.g. 'mailto:tlsrpt@example.com'");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Parsed.invalid(0, "not a valid URI (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            if (uri.getHost() == null) {
                return Parsed.invalid(0, "an https URI needs a host name");
            }
            return Parsed.valid(ReportUri.https(text));
        }
        if (scheme.equals("mailto")) {
            return mailtoUri(text, uri);
        }
        // RFC 8460 §3: only "mailto:" and "https:" are defined
        return Parsed.invalid(0, scheme.isEmpty() ? "has no scheme: use mailto: or https:"
                : "the scheme '" + scheme + ":' is not supported: only mailto: and https: (RFC 8460 §3)");
    }

    private static Parsed<ReportUri> mailtoUri(String text, URI uri) {
        String ssp = uri.getRawSchemeSpecificPart();
        int query = ssp.indexOf('?');
        // SPEC-GAP: RFC 6068 header fields (?subject=...) have no meaning for a report; they are ignored.
        String to = query >= 0 ? ssp.substring(0, query) : ssp;
        String decoded;
        try {
            decoded = percentDecode(to);
        } catch (IllegalArgumentException e) {
            return Parsed.invalid(0, e.getMessage());
        }
        List<String> mailboxes = new ArrayList<>();
        // RFC 6068 §2: several addresses are separated by "," (percent-encoded here, RFC 8460 §3)
        for (String address : decoded.split(",", -1)) {
            String trimmed = address.trim();
            try {
                InternetAddress parsed = new InternetAddress(trimmed, true);
                if (parsed.getAddress() == null || parsed.getAddress().indexOf('@') <= 0
                        || !parsed.getAddress().equals(trimmed)) {
                    return Parsed.invalid(0, "'" + trimmed + "' is not a plain mailbox address (local-part@domain)");
                }
                mailboxes.add(trimmed);
            } catch (AddressException e) {
                return Parsed.invalid(0, "'" + trimmed + "' is not a valid mailbox address (" + e.getMessage() + ")");
            }
        }
        return Parsed.valid(ReportUri.mailto(text, mailboxes));
    }

    private static String percentDecode(String text) {
        byte[] out = new byte[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("a '%' is not followed by two hex digits");
                }
                out[n++] = (byte) (Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static String stripWsp(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isWsp(text.charAt(start))) {
            start++;
        }
        while (end > start && isWsp(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }
}
