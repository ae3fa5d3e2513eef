package dev.mtasts.testkit.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The zone data and per-name behaviours of a {@link TestDnsServer}, and the logic that turns a query into a
 * response. All methods synchronise on this object, so the test thread may change the data while the
 * server threads answer.
 */
final class ZoneResponder {
    /** Any type: a behaviour registered for every type of a name. */
    static final int ANY_TYPE = -1;
    /** The UDP payload size this server advertises in its own OPT record. */
    static final int SERVER_EDNS_PAYLOAD = 1232;
    private static final int PLAIN_UDP_LIMIT = 512;
    private static final int MAX_CHAIN = 16;
    private static final int DROP = -1;

    private final Map<Name, List<Record>> records = new LinkedHashMap<>();
    /** name -> (type or ANY_TYPE) -> rcode to answer with, or DROP. */
    private final Map<Name, Map<Integer, Integer>> behaviours = new HashMap<>();
    private long negativeTtl = 60;
    private boolean includeCnameTargets = true;

    static Name toName(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + e.getMessage(), e);
        }
    }

    synchronized void add(Record record) {
        records.computeIfAbsent(record.getName(), n -> new ArrayList<>()).add(record);
    }

    synchronized void remove(Name name) {
        records.remove(name);
        behaviours.remove(name);
    }

    synchronized void remove(Name name, int type) {
        List<Record> atName = records.get(name);
        if (atName != null) {
            atName.removeIf(r -> r.getType() == type);
            if (atName.isEmpty()) {
                records.remove(name);
            }
        }
        Map<Integer, Integer> forName = behaviours.get(name);
        if (forName != null) {
            forName.remove(type);
        }
    }

    synchronized void clear() {
        records.clear();
        behaviours.clear();
    }

    synchronized void rcode(Name name, int type, int rcode) {
        behaviours.computeIfAbsent(name, n -> new HashMap<>()).put(type, rcode);
    }

    synchronized void drop(Name name, int type) {
        behaviours.computeIfAbsent(name, n -> new HashMap<>()).put(type, DROP);
    }

    synchronized void negativeTtl(long seconds) {
        this.negativeTtl = seconds;
    }

    synchronized void includeCnameTargets(boolean include) {
        this.includeCnameTargets = include;
    }

    /** The response to {@code query}, or null when the server must not answer (a dropped name). */
    synchronized Message respond(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(SERVER_EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        Integer behaviour = behaviourFor(question.getName(), question.getType());
        if (behaviour != null && behaviour == DROP) {
            return null;
        }
        if (behaviour != null) {
            response.getHeader().setRcode(behaviour);
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        answer(question.getName(), question.getType(), response);
        return response;
    }

    private Integer behaviourFor(Name name, int type) {
        Map<Integer, Integer> forName = behaviours.get(name);
        if (forName == null) {
            return null;
        }
        Integer exact = forName.get(type);
        return exact != null ? exact : forName.get(ANY_TYPE);
    }

    private void answer(Name qname, int qtype, Message response) {
        Name current = qname;
        Set<Name> seen = new HashSet<>();
        seen.add(current);
        for (int hop = 0; hop < MAX_CHAIN; hop++) {
            List<Record> atName = records.get(current);
            if (atName == null || atName.isEmpty()) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                response.addRecord(soaFor(current), Section.AUTHORITY);
                return;
            }
            boolean matched = false;
            CNAMERecord cname = null;
            for (Record record : atName) {
                if (record.getType() == qtype) {
                    response.addRecord(record, Section.ANSWER);
                    matched = true;
                } else if (record instanceof CNAMERecord && cname == null) {
                    cname = (CNAMERecord) record;
                }
            }
            if (matched) {
                return;
            }
            if (cname == null) {
                // NODATA: the name exists with other types only (RFC 2308 §2.2)
                response.addRecord(soaFor(current), Section.AUTHORITY);
                return;
            }
            response.addRecord(cname, Section.ANSWER);
            if (!includeCnameTargets || !seen.add(cname.getTarget())) {
                return;
            }
            current = cname.getTarget();
        }
    }

    private SOARecord soaFor(Name name) {
        Name apex = name.labels() > 3 ? new Name(name, name.labels() - 3) : name;
        return new SOARecord(apex, DClass.IN, negativeTtl, Name.fromConstantString("ns.test."),
                Name.fromConstantString("hostmaster.test."), 1, 3600, 600, 86400, negativeTtl);
    }

    /**
     * The bytes to send over UDP: the whole response if it fits the client's limit (512 bytes, or the EDNS
     * payload size it advertised), otherwise the header with TC set and the question only (RFC 1035 §4.2.1,
     * RFC 7766 §5) so that the client retries over TCP.
     */
    static byte[] udpWire(Message query, Message response) {
        OPTRecord opt = query.getOPT();
        int limit = opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, opt.getPayloadSize());
        byte[] full = response.toWire();
        if (full.length <= limit) {
            return full;
        }
        Message truncated = new Message(response.getHeader().getID());
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.RA}) {
            if (response.getHeader().getFlag(flag)) {
                truncated.getHeader().setFlag(flag);
            }
        }
        truncated.getHeader().setFlag(Flags.TC);
        truncated.getHeader().setRcode(response.getRcode());
        truncated.addRecord(response.getQuestion(), Section.QUESTION);
        if (response.getOPT() != null) {
            truncated.addRecord(response.getOPT(), Section.ADDITIONAL);
        }
        return truncated.toWire();
    }

    static String describeType(int type) {
        return type == ANY_TYPE ? "any type" : Type.string(type);
    }
}
