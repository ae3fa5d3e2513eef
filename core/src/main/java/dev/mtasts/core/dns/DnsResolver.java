package dev.mtasts.core.dns;

import java.net.InetAddress;

import dev.mtasts.core.DomainName;

/**
 * The DNS questions MTA-STS asks. Implementations follow CNAME chains, never throw for DNS or network
 * trouble (they answer {@link DnsAnswer.Status#FAILED}), and are safe for concurrent use.
 */
public interface DnsResolver {
    /**
     * TXT records of {@code name}, each record's strings concatenated without spaces (RFC 8461 §3.1).
     * Bytes are decoded as ISO-8859-1 so that a non-ASCII byte stays visible to the parser as a char above
     * 0x7f.
     */
    DnsAnswer<String> txt(DomainName name);

    /**
     * MX records of {@code name}, sorted by preference (stable for equal preferences). An RFC 7505 null MX
     * (one record, preference 0, exchange ".") is answered as {@link MxHost#nullMx()} alone.
     */
    DnsAnswer<MxHost> mx(DomainName name);

    /** A and AAAA addresses of {@code name}: IPv4 first. FOUND when either type has records. */
    DnsAnswer<InetAddress> addresses(DomainName name);
}
