package dev.mtasts.core.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;

/**
 * Step 8: the {@code _smtp._tls.<domain>} TLS-RPT record (RFC 8460 §3): present (missing only warns: reports
 * are optional, but without them nobody hears of failed TLS deliveries), exactly one {@code v=TLSRPTv1;}
 * record, and a {@code rua=} of {@code mailto:} / {@code https:} URIs separated by commas.
 *
 * <p>The record syntax is checked by {@link #parseRua}, a small interim check kept in this one class so that
 * it can be replaced by the full TLS-RPT record parser of the {@code tlsrpt} package. Stateless.
 */
final class TlsRptCheck {
    static final int NUMBER = 8;
    private static final String VERSION = "v=TLSRPTv1";

    private TlsRptCheck() {
    }

    static CheckStep check(DnsResolver dns, DomainName domain) {
        DomainName name = domain.prefixed("_tls").prefixed("_smtp");
        String title = "TLS-RPT record " + name;
        String example = "\"v=TLSRPTv1; rua=mailto:tlsrpt@" + domain + "\"";
        DnsAnswer<String> answer = dns.txt(name);
        List<String> details = new ArrayList<>();
        if (!answer.cnameChain().isEmpty()) {
            details.add("CNAME: " + DnsLines.chain(name, answer.cnameChain()));
        }
        if (answer.status() == DnsAnswer.Status.FAILED) {
            return CheckStep.warn(NUMBER, title, "DNS lookup failed", answer.detail(), "make the DNS servers of "
                    + domain + " answer for " + name, details);
        }
        if (answer.status() == DnsAnswer.Status.NO_RECORD) {
            return CheckStep.warn(NUMBER, title, answer.isNxDomain() ? "NXDOMAIN" : "NODATA", "no TLS-RPT record ("
                    + answer.detail() + "): senders send no reports, so nobody hears of failed TLS deliveries",
                    "publish a TXT record at " + name + ": " + example + " (RFC 8460 §3)", details);
        }
        for (String record : answer.records()) {
            details.add((record.startsWith(VERSION) ? "record: \"" : "discarded (not v=TLSRPTv1): \"") + record + "\"");
        }
        Parsed<List<String>> rua = select(answer.records());
        if (!rua.isValid()) {
            return CheckStep.fail(NUMBER, title, "invalid", rua.errors().get(0).reason(),
                    "publish exactly one TXT record at " + name + " of the form " + example, details);
        }
        for (String uri : rua.value()) {
            details.add("rua: " + uri);
        }
        return CheckStep.pass(NUMBER, title, "reports go to " + String.join(", ", rua.value()), details);
    }

    // ---- interim record check, to be replaced by the tlsrpt package's parser --------------------------------

    /** RFC 8460 §3: discard records not beginning "v=TLSRPTv1;", exactly one must remain; its rua URIs. */
    static Parsed<List<String>> select(List<String> records) {
        List<String> candidates = new ArrayList<>();
        for (String record : records) {
            if (record.startsWith(VERSION)) {
                candidates.add(record);
            }
        }
        if (candidates.size() > 1) {
            return Parsed.invalid(0, "found " + candidates.size() + " v=TLSRPTv1 records, but exactly one is allowed"
                    + " (RFC 8460 §3); senders use none of them");
        }
        if (candidates.isEmpty()) {
            return Parsed.invalid(0, "no record begins with 'v=TLSRPTv1;' (RFC 8460 §3, case-sensitive), so senders"
                    + " discard every record at this name");
        }
        return parseRua(candidates.get(0));
    }

    /** RFC 8460 §3: {@code v=TLSRPTv1} first, fields split by {@code *WSP ";" *WSP}, one required {@code rua}. */
    static Parsed<List<String>> parseRua(String record) {
        String rest = record.substring(VERSION.length()).trim();
        if (!rest.startsWith(";")) {
            return Parsed.invalid(0, "'v=TLSRPTv1' must be followed by ';' (RFC 8460 §3), e.g."
                    + " \"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\"");
        }
        List<String> uris = null;
        for (String field : rest.substring(1).split(";")) {
            String trimmed = field.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                return Parsed.invalid(0, "the field '" + trimmed + "' is not name=value (RFC 8460 §3)");
            }
            if (trimmed.substring(0, eq).trim().equals("rua") && uris == null) {
                Parsed<List<String>> parsed = uris(trimmed.substring(eq + 1));
                if (!parsed.isValid()) {
                    return parsed;
                }
                uris = parsed.value();
            }
        }
        if (uris == null) {
            return Parsed.invalid(0, "the record has no 'rua=' field naming where reports go (RFC 8460 §3), e.g."
                    + " 'rua=mailto:tlsrpt@example.com'");
        }
        return Parsed.valid(uris);
    }

    /** RFC 8460 §3: {@code tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)}, each mailto: or https:. */
    private static Parsed<List<String>> uris(String value) {
        List<String> uris = new ArrayList<>();
        List<ParseError> errors = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String uri = part.trim();
            String lower = uri.toLowerCase(Locale.ROOT);
            if (uri.isEmpty()) {
                errors.add(new ParseError(0, "the rua value '" + value + "' has an empty URI; separate URIs with"
                        + " single commas"));
            } else if (uri.indexOf(' ') >= 0 || uri.indexOf('\t') >= 0) {
                errors.add(new ParseError(0, "the rua URI '" + uri + "' contains whitespace; separate URIs with ','"
                        + " (RFC 8460 §3)"));
            } else if (lower.startsWith("mailto:")) {
                if (uri.indexOf('@') <= "mailto:".length()) {
                    errors.add(new ParseError(0, "the rua URI '" + uri + "' has no e-mail address, e.g."
                            + " 'mailto:tlsrpt@example.com'"));
                } else {
                    uris.add(uri);
                }
            } else if (lower.startsWith("https://") && uri.length() > "https://".length()) {
                uris.add(uri);
            } else {
                errors.add(new ParseError(0, "the rua URI '" + uri + "' is neither mailto: nor https: (RFC 8460 §3"
                        + " allows only these)"));
            }
        }
        return errors.isEmpty() ? Parsed.valid(List.copyOf(uris)) : Parsed.invalid(errors);
    }
}
