package dev.mtasts.core.diagnostics;

import java.util.ArrayList;
import java.util.List;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.core.tlsrpt.TlsRptTxtParser;
import dev.mtasts.core.tlsrpt.TlsRptTxtRecord;

/**
 * Step 8: the {@code _smtp._tls.<domain>} TLS-RPT record (RFC 8460 §3): present (missing only warns: reports
 * are optional, but without them nobody hears of failed TLS deliveries), exactly one {@code v=TLSRPTv1;}
 * record, and a {@code rua=} of {@code mailto:} / {@code https:} URIs separated by commas.
 *
 * <p>The record is parsed by the same {@link TlsRptTxtParser} the report sender uses, so the check says
 * exactly what the sender will do. Stateless.
 */
final class TlsRptCheck {
    static final int NUMBER = 8;
    private static final String VERSION = "v=TLSRPTv1";

    private TlsRptCheck() {
    }

    static CheckStep check(DnsResolver dns, DomainName domain) {
        Parsed<DomainName> prefixed = domain.prefixed("_smtp._tls");
        if (!prefixed.isValid()) {
            return CheckStep.warn(NUMBER, "TLS-RPT record _smtp._tls." + domain, "name too long",
                    "the TXT record name _smtp._tls." + domain + " would be longer than 253 characters: no sender"
                            + " can find where to send TLS reports for this domain (RFC 8460 §3)",
                    "TLS-RPT needs a domain of at most 242 characters", List.of());
        }
        DomainName name = prefixed.value();
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
        Parsed<TlsRptTxtRecord> record = TlsRptTxtParser.parseRecords(answer.records());
        if (!record.isValid()) {
            return CheckStep.fail(NUMBER, title, "invalid", record.errors().get(0).reason(),
                    "publish exactly one TXT record at " + name + " of the form " + example, details);
        }
        List<String> uris = uris(record.value());
        for (String uri : uris) {
            details.add("rua: " + uri);
        }
        if (!record.value().skipped().isEmpty()) {
            return CheckStep.warn(NUMBER, title, "reports go to " + String.join(", ", uris),
                    "senders skip part of 'rua=': " + String.join("; ", record.value().skipped()),
                    "fix or remove the skipped URIs in the record at " + name, details);
        }
        return CheckStep.pass(NUMBER, title, "reports go to " + String.join(", ", uris), details);
    }

    private static List<String> uris(TlsRptTxtRecord record) {
        List<String> uris = new ArrayList<>();
        for (ReportUri uri : record.rua()) {
            uris.add(uri.uri());
        }
        return uris;
    }

    /** RFC 8460 §3 discovery, exactly as the report sender does it: the rua URIs of the one valid record. */
    static Parsed<List<String>> select(List<String> records) {
        Parsed<TlsRptTxtRecord> record = TlsRptTxtParser.parseRecords(records);
        return record.isValid() ? Parsed.valid(uris(record.value())) : Parsed.invalid(record.errors());
    }
}
