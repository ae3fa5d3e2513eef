package dev.mtasts.core.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * One typed question answered to the end: follows CNAME chains, in the response and by asking again when a
 * server stops at a CNAME, and classifies the outcome as found, no record (NXDOMAIN or NODATA) or failed.
 * Thread-safe (stateless apart from the thread-safe exchange).
 */
final class RecordLookup {
    /** How many CNAMEs are followed from the name asked before giving up. */
    static final int MAX_CNAME_HOPS = 8;

    private final DnsExchange exchange;

    RecordLookup(DnsExchange exchange) {
        this.exchange = exchange;
    }

    /** The records of {@code type} at {@code domain} or at the end of its CNAME chain; never throws. */
    DnsAnswer<Record> lookup(DomainName domain, int type) {
        String question = Type.string(type) + " lookup of " + domain;
        Name start;
        try {
            start = Name.fromString(domain.asciiName() + ".");
        } catch (TextParseException e) {
            return DnsAnswer.failed(question + " failed: the name cannot be encoded (" + e.getMessage() + ")");
        }
        Name current = start;
        List<DomainName> chain = new ArrayList<>();
        Set<Name> seen = new HashSet<>();
        seen.add(start);
        long ttl = Long.MAX_VALUE;
        // RFC 8461 §3.1: CNAME chains MUST be followed; each pass asks one server one question.
        for (int pass = 0; pass <= MAX_CNAME_HOPS; pass++) {
            DnsExchange.Reply reply = exchange.send(current, type);
            if (reply.failed()) {
                String where = chain.isEmpty() ? "" : " (at " + display(current) + ", reached through a CNAME)";
                return DnsAnswer.failed(question + " failed" + where + ": " + reply.failure());
            }
            Message message = reply.message();
            Name asked = current;
            while (true) {
                List<Record> matches = recordsAt(message, current, type);
                if (!matches.isEmpty()) {
                    for (Record record : matches) {
                        ttl = Math.min(ttl, record.getTTL());
                    }
                    return DnsAnswer.found(matches, ttl, chain);
                }
                CNAMERecord cname = cnameAt(message, current);
                if (cname == null) {
                    break;
                }
                Name target = cname.getTarget();
                if (!seen.add(target)) {
                    return DnsAnswer.failed(question + " failed: the CNAME chain loops (" + path(start, chain)
                            + " -> " + display(target) + ")");
                }
                if (chain.size() == MAX_CNAME_HOPS) {
                    return DnsAnswer.failed(question + " failed: the CNAME chain is longer than " + MAX_CNAME_HOPS
                            + " (" + path(start, chain) + " -> ...)");
                }
                Parsed<DomainName> targetName = DomainName.parse(target.toString(true));
                if (!targetName.isValid()) {
                    return DnsAnswer.failed(question + " failed: the CNAME target is unusable: "
                            + targetName.describeErrors());
                }
                chain.add(targetName.value());
                ttl = Math.min(ttl, cname.getTTL());
                current = target;
            }
            if (message.getRcode() == Rcode.NXDOMAIN) {
                // RFC 6604 §2: with a CNAME in the answer, NXDOMAIN is about the last name of the chain
                return DnsAnswer.nxDomain("NXDOMAIN: " + display(current) + " does not exist",
                        negativeTtl(message, ttl), chain);
            }
            if (current.equals(asked) || hasSoa(message)) {
                // RFC 2308 §2.2: NOERROR without the type (the SOA tells a recursive resolver's NODATA)
                return DnsAnswer.noRecord("NODATA: " + display(current) + " has no " + Type.string(type) + " record",
                        negativeTtl(message, ttl), chain);
            }
            // the server answered with a CNAME but not for its target: ask for the target ourselves
        }
        return DnsAnswer.failed(question + " failed: the CNAME chain is longer than " + MAX_CNAME_HOPS + " ("
                + path(start, chain) + " -> ...)");
    }

    private static List<Record> recordsAt(Message message, Name name, int type) {
        List<Record> matches = new ArrayList<>();
        for (Record record : message.getSection(Section.ANSWER)) {
            if (record.getType() == type && record.getDClass() == DClass.IN && record.getName().equals(name)) {
                matches.add(record);
            }
        }
        return matches;
    }

    private static CNAMERecord cnameAt(Message message, Name name) {
        for (Record record : message.getSection(Section.ANSWER)) {
            if (record instanceof CNAMERecord && record.getName().equals(name)) {
                return (CNAMERecord) record;
            }
        }
        return null;
    }

    private static boolean hasSoa(Message message) {
        return message.getSection(Section.AUTHORITY).stream().anyMatch(r -> r instanceof SOARecord);
    }

    /** RFC 2308 §5: the negative TTL is the smaller of the SOA's TTL and its MINIMUM; 0 without an SOA. */
    private static long negativeTtl(Message message, long chainTtl) {
        long negative = 0;
        for (Record record : message.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord) {
                negative = Math.min(record.getTTL(), ((SOARecord) record).getMinimum());
                break;
            }
        }
        return Math.min(negative, chainTtl);
    }

    private static String path(Name start, List<DomainName> chain) {
        StringBuilder out = new StringBuilder(display(start));
        for (DomainName name : chain) {
            out.append(" -> ").append(name);
        }
        return out.toString();
    }

    private static String display(Name name) {
        return name.toString(true);
    }
}
