package dev.mtasts.core.dns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;

/**
 * The production {@link DnsResolver}: asks the servers of a {@link ResolverSettings} with dnsjava, one
 * query message at a time, without dnsjava's {@code Lookup} cache (TTLs and freshness belong to the policy
 * cache, which gets every answer's TTL).
 *
 * <p>Outcomes: NOERROR with records of the type is {@link DnsAnswer.Status#FOUND} (TTL: the smallest of the
 * records and the CNAMEs followed); NXDOMAIN, or NOERROR without records of the type (NODATA), is
 * {@link DnsAnswer.Status#NO_RECORD}, its detail starting "NXDOMAIN" or "NODATA" and its TTL the SOA's
 * negative TTL (0 without an SOA); SERVFAIL, REFUSED, FORMERR, other rcodes, timeouts and network errors
 * from every server are {@link DnsAnswer.Status#FAILED}, the detail naming each server and what it did.
 * CNAME chains are followed (at most {@value RecordLookup#MAX_CNAME_HOPS} CNAMEs; a loop or a longer chain
 * is FAILED) and reported in {@link DnsAnswer#cnameChain()}.
 *
 * <p>Never throws for DNS or network trouble. Thread-safe; one instance is meant to be shared. The system's
 * resolvers, when the settings name none, are read once, at construction.
 */
public final class DnsJavaResolver implements DnsResolver {
    private static final Logger LOG = LoggerFactory.getLogger(DnsJavaResolver.class);

    private final DnsExchange exchange;
    private final RecordLookup lookup;

    public DnsJavaResolver(ResolverSettings settings) {
        this.exchange = new DnsExchange(settings);
        this.lookup = new RecordLookup(exchange);
    }

    /**
     * {@inheritDoc}
     *
     * <p>RFC 8461 §3.1 and RFC 8460 §3: the strings of one TXT record are concatenated without spaces.
     */
    @Override
    public DnsAnswer<String> txt(DomainName name) {
        DnsAnswer<Record> raw = lookup.lookup(name, Type.TXT);
        List<String> texts = new ArrayList<>();
        for (Record record : raw.records()) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (byte[] string : ((TXTRecord) record).getStringsAsByteArrays()) {
                joined.write(string, 0, string.length);
            }
            // ISO-8859-1 maps each byte to one char, so a non-ASCII byte stays visible to the parser
            texts.add(new String(joined.toByteArray(), StandardCharsets.ISO_8859_1));
        }
        return convert(raw, texts);
    }

    @Override
    public DnsAnswer<MxHost> mx(DomainName name) {
        DnsAnswer<Record> raw = lookup.lookup(name, Type.MX);
        if (!raw.isFound()) {
            return convert(raw, List.of());
        }
        List<Record> records = raw.records();
        if (records.size() == 1 && isNullMx((MXRecord) records.get(0))) {
            // RFC 7505 §3: one MX with preference 0 and the root as exchange: the domain accepts no mail
            return DnsAnswer.found(List.of(MxHost.nullMx()), raw.ttlSeconds(), raw.cnameChain());
        }
        List<MxHost> hosts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Record record : records) {
            MXRecord mx = (MXRecord) record;
            // SPEC-GAP: RFC 7505 §3 forbids a null MX next to other MX records but says nothing of what a
            // sender does then; we skip the "." entry like any other unusable exchange and use the rest.
            Parsed<DomainName> host = DomainName.parse(mx.getTarget().toString(true));
            if (host.isValid()) {
                hosts.add(new MxHost(mx.getPriority(), host.value()));
            } else {
                skipped.add(mx.getPriority() + " " + mx.getTarget() + " (" + host.describeErrors() + ")");
            }
        }
        if (!skipped.isEmpty()) {
            // a DNS answer may hold many records: the first few are named, the rest counted
            LOG.warn("MX lookup of {}: skipped MX records with an unusable exchange: {}", name,
                    RemoteText.firstOf(skipped, RemoteText.LIST_FIRST, RemoteText.SENTENCE_MAX));
        }
        if (hosts.isEmpty()) {
            // SPEC-GAP: MX records exist but none is usable. Not NO_RECORD, which would let a sender fall
            // back to the implicit MX (RFC 5321 §5.1) of a domain that did publish MX records.
            return DnsAnswer.failed("MX lookup of " + name + " failed: no MX record has a usable exchange: "
                    + RemoteText.firstOf(skipped, RemoteText.LIST_FIRST, RemoteText.SENTENCE_MAX));
        }
        hosts.sort(Comparator.comparingInt(MxHost::preference)); // List.sort is stable
        return DnsAnswer.found(hosts, raw.ttlSeconds(), raw.cnameChain());
    }

    private static boolean isNullMx(MXRecord mx) {
        return mx.getPriority() == 0 && mx.getTarget().equals(Name.root);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Asks for A, then AAAA. FAILED only when neither type has records and at least one of the two
     * questions failed; NO_RECORD when both say there is none.
     */
    @Override
    public DnsAnswer<InetAddress> addresses(DomainName name) {
        DnsAnswer<Record> v4 = lookup.lookup(name, Type.A);
        DnsAnswer<Record> v6 = lookup.lookup(name, Type.AAAA);
        List<InetAddress> addresses = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (DnsAnswer<Record> answer : List.of(v4, v6)) {
            for (Record record : answer.records()) {
                addresses.add(plain(record instanceof ARecord ? ((ARecord) record).getAddress()
                        : ((AAAARecord) record).getAddress()));
            }
            if (answer.isFound()) {
                ttl = Math.min(ttl, answer.ttlSeconds());
            }
        }
        if (!addresses.isEmpty()) {
            return DnsAnswer.found(addresses, ttl, v4.isFound() ? v4.cnameChain() : v6.cnameChain());
        }
        if (v4.status() == DnsAnswer.Status.FAILED || v6.status() == DnsAnswer.Status.FAILED) {
            return DnsAnswer.failed(v4.status() == DnsAnswer.Status.FAILED
                    ? v4.detail() + (v6.status() == DnsAnswer.Status.FAILED ? "; " + v6.detail() : "")
                    : v6.detail());
        }
        long negativeTtl = Math.min(v4.ttlSeconds(), v6.ttlSeconds());
        if (v4.isNxDomain() || v6.isNxDomain()) {
            return DnsAnswer.nxDomain(v4.isNxDomain() ? v4.detail() : v6.detail(), negativeTtl, v4.cnameChain());
        }
        return DnsAnswer.noRecord("NODATA: " + name + " has no A or AAAA record", negativeTtl, v4.cnameChain());
    }

    /** The address alone: dnsjava attaches the owner name (with its trailing dot) as host name. */
    private static InetAddress plain(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an A or AAAA record always holds 4 or 16 bytes", e);
        }
    }

    private static <T> DnsAnswer<T> convert(DnsAnswer<Record> raw, List<T> values) {
        switch (raw.status()) {
            case FOUND:
                return DnsAnswer.found(values, raw.ttlSeconds(), raw.cnameChain());
            case NO_RECORD:
                return raw.isNxDomain() ? DnsAnswer.nxDomain(raw.detail(), raw.ttlSeconds(), raw.cnameChain())
                        : DnsAnswer.noRecord(raw.detail(), raw.ttlSeconds(), raw.cnameChain());
            default:
                return DnsAnswer.failed(raw.detail());
        }
    }

    @Override
    public String toString() {
        return "DnsJavaResolver" + exchange.serverLabels();
    }
}
