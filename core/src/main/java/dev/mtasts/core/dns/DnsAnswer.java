package dev.mtasts.core.dns;

import java.util.List;
import java.util.Objects;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.RemoteText;

/**
 * The outcome of one DNS question, keeping apart what RFC 8461 keeps apart: records found; no such record
 * (NXDOMAIN or NODATA: the domain says "none"); and could not find out (SERVFAIL, REFUSED, timeout: nobody
 * said anything). Immutable.
 *
 * @param <T> the record data
 */
public final class DnsAnswer<T> {
    /** The three outcomes. */
    public enum Status {
        /** At least one record of the type asked for. */
        FOUND,
        /** NXDOMAIN or NODATA: an authoritative "there is none". */
        NO_RECORD,
        /** SERVFAIL, REFUSED, timeout, network error: the answer is unknown. */
        FAILED
    }

    private final Status status;
    private final List<T> records;
    private final long ttlSeconds;
    private final List<DomainName> cnameChain;
    private final String detail;
    private final boolean nxDomain;

    private DnsAnswer(Status status, List<T> records, long ttlSeconds, List<DomainName> cnameChain, String detail) {
        this(status, records, ttlSeconds, cnameChain, detail, false);
    }

    private DnsAnswer(Status status, List<T> records, long ttlSeconds, List<DomainName> cnameChain, String detail,
            boolean nxDomain) {
        this.nxDomain = nxDomain;
        this.status = status;
        this.records = List.copyOf(records);
        this.ttlSeconds = ttlSeconds;
        this.cnameChain = List.copyOf(cnameChain);
        // the detail may quote names and strings from the answer: cleaned and capped like all remote text
        this.detail = RemoteText.clean(Objects.requireNonNull(detail));
    }

    public static <T> DnsAnswer<T> found(List<T> records, long ttlSeconds, List<DomainName> cnameChain) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("found needs records");
        }
        return new DnsAnswer<>(Status.FOUND, records, ttlSeconds, cnameChain, "");
    }

    /** NXDOMAIN or NODATA; {@code detail} says which, {@code ttlSeconds} is the negative-caching TTL or 0. */
    public static <T> DnsAnswer<T> noRecord(String detail, long ttlSeconds, List<DomainName> cnameChain) {
        return new DnsAnswer<>(Status.NO_RECORD, List.of(), ttlSeconds, cnameChain, detail);
    }

    /** NXDOMAIN: the name does not exist at all (RFC 5321 §5.1: no implicit MX then). */
    public static <T> DnsAnswer<T> nxDomain(String detail, long ttlSeconds, List<DomainName> cnameChain) {
        return new DnsAnswer<>(Status.NO_RECORD, List.of(), ttlSeconds, cnameChain, detail, true);
    }

    /** SERVFAIL, timeout, ...; {@code detail} is a sentence naming the server and what happened. */
    public static <T> DnsAnswer<T> failed(String detail) {
        return new DnsAnswer<>(Status.FAILED, List.of(), 0, List.of(), detail);
    }

    public Status status() {
        return status;
    }

    /** True for NO_RECORD because the name does not exist (NXDOMAIN), false for NODATA. */
    public boolean isNxDomain() {
        return nxDomain;
    }

    public boolean isFound() {
        return status == Status.FOUND;
    }

    /** The records; empty unless {@link Status#FOUND}. */
    public List<T> records() {
        return records;
    }

    /** The smallest TTL of the records (and of the CNAMEs followed), in seconds. */
    public long ttlSeconds() {
        return ttlSeconds;
    }

    /** The CNAME targets followed from the name asked for, in order; empty when there was no CNAME. */
    public List<DomainName> cnameChain() {
        return cnameChain;
    }

    /** For NO_RECORD and FAILED, what exactly happened (e.g. "NXDOMAIN", "SERVFAIL from 127.0.0.1:53"). */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return status == Status.FOUND ? "FOUND" + records + " ttl=" + ttlSeconds : status + " (" + detail + ")";
    }
}
