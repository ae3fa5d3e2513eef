package dev.mtasts.testkit.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A real DNS server for tests: answers dnsjava-encoded queries over UDP and TCP on one loopback address and
 * port, from zone data the test sets and changes at any time.
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.start()) {
 *     dns.txt("_mta-sts.example.com", 300, "v=STSv1; ", "id=20260101;");
 *     dns.mx("example.com", 300, 10, "mx1.example.com");
 *     dns.servfail("_smtp._tls.example.com");
 *     DnsResolver resolver = new DnsJavaResolver(ResolverSettings.builder().server(dns.hostPort()).build());
 *     ... resolver.txt(DomainName.of("_mta-sts.example.com")) ...
 *     assertThat(dns.queryCount("_mta-sts.example.com", Type.TXT)).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>What it answers, for a question (name, type):
 * <ul>
 * <li>a behaviour set for the name and type (or for the name and any type) wins: {@link #servfail},
 * {@link #refused}, {@link #rcode} answer with that rcode; {@link #drop} never answers, so the client
 * times out;</li>
 * <li>records of the type at the name: NOERROR with those records (authoritative);</li>
 * <li>a CNAME at the name: the CNAME, and, like a recursive resolver, the answer for the target as well
 * (unless {@link #includeCnameTargets(boolean) includeCnameTargets(false)}: then the CNAME alone);</li>
 * <li>the name holds other types only: NODATA (NOERROR, no answer, an SOA in the authority section);</li>
 * <li>nothing at the name: NXDOMAIN with an SOA in the authority section.</li>
 * </ul>
 * The SOA's TTL and MINIMUM are the negative TTL ({@link #negativeTtl(long)}, 60 s by default). Names are
 * matched case-insensitively; a trailing dot is optional everywhere. Over UDP a response longer than 512
 * bytes (or the client's EDNS payload size) is replaced by a truncated one (TC set, question only), so the
 * client retries over TCP. Every received question is logged ({@link #queries()}).
 *
 * <p>Thread-safe: zone data, behaviours and the log may be changed and read from any thread while the
 * server answers. Start-up problems (address in use, not a loopback address) throw unchecked exceptions:
 * this is test infrastructure.
 */
public final class TestDnsServer implements AutoCloseable {
    private final ZoneResponder zone = new ZoneResponder();
    private final List<ReceivedQuery> log = new ArrayList<>();
    private final DnsListeners listeners;

    private TestDnsServer(InetAddress address, int port) {
        this.listeners = DnsListeners.bind(address, port, this::answer);
    }

    /** Starts a server on 127.0.0.1 on an ephemeral port (the same one for UDP and TCP). */
    public static TestDnsServer start() {
        return start("127.0.0.1", 0);
    }

    /**
     * Starts a server on the given loopback address (e.g. "127.0.0.53" or "::1") and port (0: ephemeral).
     *
     * @throws IllegalArgumentException when the address is not a loopback address
     * @throws UncheckedIOException when the port cannot be bound for both UDP and TCP
     */
    public static TestDnsServer start(String loopbackAddress, int port) {
        InetAddress address;
        try {
            address = Address.getByAddress(loopbackAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + loopbackAddress, e);
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("tests bind only to loopback addresses, not " + loopbackAddress);
        }
        return new TestDnsServer(address, port);
    }

    /** Where the server listens (UDP and TCP), to hand to a resolver. */
    public InetSocketAddress address() {
        return listeners.address();
    }

    /** The port, the same for UDP and TCP. */
    public int port() {
        return listeners.address().getPort();
    }

    /** "127.0.0.1:PORT" (or "[::1]:PORT"), the form resolver settings take. */
    public String hostPort() {
        String host = listeners.address().getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    // ---- zone data ------------------------------------------------------------------------------------

    /**
     * Adds one TXT record made of the given strings, each sent as its UTF-8 bytes exactly (no escapes) and at
     * most 255 bytes long. Call again for a second record.
     */
    public TestDnsServer txt(String name, long ttl, String... strings) {
        byte[][] bytes = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) {
            bytes[i] = strings[i].getBytes(StandardCharsets.UTF_8);
        }
        return txtBytes(name, ttl, bytes);
    }

    /** Adds one TXT record made of raw byte strings (for non-ASCII and other odd content), each at most 255 bytes. */
    public TestDnsServer txtBytes(String name, long ttl, byte[]... strings) {
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        for (byte[] string : strings) {
            if (string.length > 255) {
                throw new IllegalArgumentException("a TXT string holds at most 255 bytes, not " + string.length);
            }
            rdata.write(string.length);
            rdata.write(string, 0, string.length);
        }
        zone.add(Record.newRecord(ZoneResponder.toName(name), Type.TXT, DClass.IN, ttl, rdata.toByteArray()));
        return this;
    }

    /** Adds an MX record; {@code host} may be "." for a null MX. */
    public TestDnsServer mx(String name, long ttl, int preference, String host) {
        zone.add(new MXRecord(ZoneResponder.toName(name), DClass.IN, ttl, preference, ZoneResponder.toName(host)));
        return this;
    }

    /** Adds the RFC 7505 null MX ({@code 0 .}) with a TTL of 300 s. */
    public TestDnsServer nullMx(String name) {
        return mx(name, 300, 0, ".");
    }

    /** Adds an A record; {@code ipv4} is a literal such as "127.0.0.10". */
    public TestDnsServer a(String name, long ttl, String ipv4) {
        zone.add(new ARecord(ZoneResponder.toName(name), DClass.IN, ttl, literal(ipv4)));
        return this;
    }

    /** Adds an AAAA record; {@code ipv6} is a literal such as "::1". */
    public TestDnsServer aaaa(String name, long ttl, String ipv6) {
        zone.add(new AAAARecord(ZoneResponder.toName(name), DClass.IN, ttl, literal(ipv6)));
        return this;
    }

    /** Adds a CNAME from {@code name} to {@code target}. */
    public TestDnsServer cname(String name, long ttl, String target) {
        zone.add(new CNAMERecord(ZoneResponder.toName(name), DClass.IN, ttl, ZoneResponder.toName(target)));
        return this;
    }

    /** Adds any dnsjava record (its name must be absolute). */
    public TestDnsServer add(Record record) {
        zone.add(record);
        return this;
    }

    /** Forgets every record and every behaviour of {@code name}. */
    public TestDnsServer remove(String name) {
        zone.remove(ZoneResponder.toName(name));
        return this;
    }

    /** Forgets the records of one type of {@code name}, and a behaviour set for exactly that type. */
    public TestDnsServer remove(String name, int type) {
        zone.remove(ZoneResponder.toName(name), type);
        return this;
    }

    /** Forgets all records and behaviours (the query log and the settings stay). */
    public TestDnsServer clear() {
        zone.clear();
        return this;
    }

    // ---- behaviours -----------------------------------------------------------------------------------

    /** Answers SERVFAIL for every type of {@code name}. */
    public TestDnsServer servfail(String name) {
        return rcode(name, ZoneResponder.ANY_TYPE, Rcode.SERVFAIL);
    }

    /** Answers SERVFAIL for {@code type} of {@code name}. */
    public TestDnsServer servfail(String name, int type) {
        return rcode(name, type, Rcode.SERVFAIL);
    }

    /** Answers REFUSED for every type of {@code name}. */
    public TestDnsServer refused(String name) {
        return rcode(name, ZoneResponder.ANY_TYPE, Rcode.REFUSED);
    }

    /** Answers REFUSED for {@code type} of {@code name}. */
    public TestDnsServer refused(String name, int type) {
        return rcode(name, type, Rcode.REFUSED);
    }

    /**
     * Answers with the given rcode (e.g. {@link Rcode#FORMERR}) and no records, for {@code type} of
     * {@code name}, or for every type with {@code type} = -1.
     */
    public TestDnsServer rcode(String name, int type, int rcode) {
        zone.rcode(ZoneResponder.toName(name), type, rcode);
        return this;
    }

    /** Never answers any question about {@code name}: the client times out. */
    public TestDnsServer drop(String name) {
        return drop(name, ZoneResponder.ANY_TYPE);
    }

    /** Never answers questions of {@code type} about {@code name}. */
    public TestDnsServer drop(String name, int type) {
        zone.drop(ZoneResponder.toName(name), type);
        return this;
    }

    /** The TTL and MINIMUM of the SOA sent with NXDOMAIN and NODATA answers (default 60 s). */
    public TestDnsServer negativeTtl(long seconds) {
        zone.negativeTtl(seconds);
        return this;
    }

    /**
     * Whether a CNAME answer also carries the target's records (default true, as a recursive resolver
     * does). With false, the answer holds the first CNAME alone and the client must ask for the target.
     */
    public TestDnsServer includeCnameTargets(boolean include) {
        zone.includeCnameTargets(include);
        return this;
    }

    // ---- query log ------------------------------------------------------------------------------------

    /** Every question received so far, in order (a truncated UDP answer and its TCP retry count twice). */
    public List<ReceivedQuery> queries() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** How many questions for {@code name} and {@code type} (a dnsjava {@code Type} constant) arrived. */
    public int queryCount(String name, int type) {
        synchronized (log) {
            return (int) log.stream().filter(q -> q.matches(name, type)).count();
        }
    }

    /** Empties the query log. */
    public void resetQueryLog() {
        synchronized (log) {
            log.clear();
        }
    }

    // ---- sockets --------------------------------------------------------------------------------------

    private Message answer(byte[] wire, ReceivedQuery.Transport transport) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null; // not DNS: ignore, like a server under attack would
        }
        Record question = query.getQuestion();
        if (question != null) {
            synchronized (log) {
                log.add(new ReceivedQuery(ReceivedQuery.normalise(question.getName().toString()),
                        question.getType(), transport));
            }
        }
        return zone.respond(query);
    }

    private static InetAddress literal(String ip) {
        try {
            return Address.getByAddress(ip); // literals only: never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
    }

    /** Stops both listeners and closes open TCP connections; idempotent. */
    @Override
    public void close() {
        listeners.close();
    }

    @Override
    public String toString() {
        return "TestDnsServer[" + hostPort() + "]";
    }
}
