package dev.mtasts.core.tlsrpt;

import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;

/**
 * Finds where a policy domain's reports go: the {@code rua} of its one valid {@code _smtp._tls} TXT record
 * (RFC 8460 §3), or no destination with the reason. Never throws; a malformed record and skipped URIs are
 * logged at WARN naming the domain. Thread-safe when the resolver is.
 */
public final class TlsRptTxtLookup {
    private static final Logger LOG = LoggerFactory.getLogger(TlsRptTxtLookup.class);

    private final DnsResolver resolver;

    public TlsRptTxtLookup(DnsResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver);
    }

    /** Where reports of {@code domain} go, or why nowhere. */
    public Destinations destinations(DomainName domain) {
        DomainName name;
        try {
            name = domain.prefixed("_smtp._tls");
        } catch (IllegalArgumentException e) {
            return Destinations.none("'_smtp._tls." + domain + "' is not a valid DNS name");
        }
        DnsAnswer<String> answer = resolver.txt(name);
        if (answer.status() == DnsAnswer.Status.NO_RECORD) {
            return Destinations.none("no TXT record at " + name + " (" + answer.detail() + ")");
        }
        if (answer.status() == DnsAnswer.Status.FAILED) {
            // SPEC-GAP: RFC 8460 does not say what to do when the lookup fails; the report stays on disk
            // unsent rather than being held back indefinitely.
            LOG.warn("TLS-RPT: the TXT lookup of {} failed ({}); the report of {} is written to disk but not sent",
                    name, answer.detail(), domain);
            return Destinations.none("the TXT lookup of " + name + " failed: " + answer.detail());
        }
        Parsed<TlsRptTxtRecord> record = TlsRptTxtParser.parseRecords(answer.records());
        if (!record.isValid()) {
            LOG.warn("TLS-RPT: the record at {} is not usable ({}); the report of {} is written to disk but not sent",
                    name, record.describeErrors(), domain);
            return Destinations.none("invalid TLS-RPT record at " + name + ": " + record.describeErrors());
        }
        for (String skipped : record.value().skipped()) {
            LOG.warn("TLS-RPT: a rua URI of {} is skipped: {}", domain, skipped);
        }
        return new Destinations(record.value().rua(), "");
    }

    /** The destinations of one domain's reports, or none and why. Immutable. */
    public static final class Destinations {
        private final List<ReportUri> uris;
        private final String note;

        public Destinations(List<ReportUri> uris, String note) {
            this.uris = List.copyOf(uris);
            this.note = Objects.requireNonNull(note);
        }

        public static Destinations none(String why) {
            return new Destinations(List.of(), why);
        }

        public List<ReportUri> uris() {
            return uris;
        }

        /** Empty when there are destinations, else why there are none. */
        public String note() {
            return note;
        }
    }
}
