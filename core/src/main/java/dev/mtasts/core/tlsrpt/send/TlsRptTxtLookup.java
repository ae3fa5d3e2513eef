package dev.mtasts.core.tlsrpt.send;

import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.core.tlsrpt.TlsRptTxtParser;
import dev.mtasts.core.tlsrpt.TlsRptTxtRecord;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;

/**
 * Finds where a policy domain's reports go: the {@code rua} of its one valid {@code _smtp._tls} TXT record
 * (RFC 8460 §3), or no destination with the reason. Never throws; a malformed record and skipped URIs are
 * logged at WARN naming the domain. Thread-safe when the resolver is.
 */
public final class TlsRptTxtLookup {
    private static final Logger LOG = LoggerFactory.getLogger(TlsRptTxtLookup.class);

    private static final String LOOKUP_SCHEME = "dns:";

    private final DnsResolver resolver;

    public TlsRptTxtLookup(DnsResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver);
    }

    /**
     * The RFC 4501 {@code dns:} URI of the TXT question for {@code domain}; it stands for "look up the
     * destinations again" in a report's delivery status while the lookup keeps failing.
     */
    public static String lookupUri(DomainName domain) {
        return LOOKUP_SCHEME + "_smtp._tls." + domain.asciiName() + "?type=TXT";
    }

    /** True for a URI made by {@link #lookupUri(DomainName)}. */
    public static boolean isLookupUri(String uri) {
        return uri.startsWith(LOOKUP_SCHEME);
    }

    /** Where reports of {@code domain} go, or why nowhere. */
    public Destinations destinations(DomainName domain) {
        Parsed<DomainName> prefixed = domain.prefixed("_smtp._tls");
        if (!prefixed.isValid()) {
            return Destinations.none(prefixed.describeErrors() + ": no TLS-RPT record can exist there");
        }
        DomainName name = prefixed.value();
        DnsAnswer<String> answer = resolver.txt(name);
        if (answer.status() == DnsAnswer.Status.NO_RECORD) {
            return Destinations.none("no TXT record at " + name + " (" + answer.detail() + ")");
        }
        if (answer.status() == DnsAnswer.Status.FAILED) {
            // SPEC-GAP: RFC 8460 does not say what to do when the lookup fails. It says nothing about the
            // record, so it is tried again like a failed delivery (ReportDelivery, within the §5.4 window).
            return Destinations.retryLater("the TXT lookup of " + name + " failed: " + answer.detail());
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
        RuaLimits.Capped capped = RuaLimits.cap(record.value().rua());
        if (!capped.dropped.isEmpty()) {
            LOG.warn("TLS-RPT: the rua of {} names more than {} mailto: mailboxes or {} https: endpoints; {} of them"
                    + " get no report: {}", domain, ReportSettings.MAX_MAILBOXES, ReportSettings.MAX_HTTPS_ENDPOINTS,
                    capped.dropped.size(), RemoteText.firstOf(capped.dropped, RemoteText.LIST_FIRST, 100));
        }
        return new Destinations(capped.kept, "");
    }

    /** The destinations of one domain's reports, or none and why (for now, or for good). Immutable. */
    public static final class Destinations {
        private final List<ReportUri> uris;
        private final String note;
        private final boolean temporary;

        private Destinations(List<ReportUri> uris, String note, boolean temporary) {
            this.uris = List.copyOf(uris);
            this.note = Objects.requireNonNull(note);
            this.temporary = temporary;
        }

        public Destinations(List<ReportUri> uris, String note) {
            this(uris, note, false);
        }

        /** No destination: the domain has no usable record (or sending is off). */
        public static Destinations none(String why) {
            return new Destinations(List.of(), why, false);
        }

        /** Not known now (DNS failure): ask again later. */
        public static Destinations retryLater(String why) {
            return new Destinations(List.of(), why, true);
        }

        /** True when the lookup failed and should be repeated. */
        public boolean isTemporary() {
            return temporary;
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
