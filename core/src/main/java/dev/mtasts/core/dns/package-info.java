/**
 * DNS for MTA-STS: the {@code _mta-sts} and {@code _smtp._tls} TXT records (RFC 8461 §3.1, RFC 8460 §3) with
 * TTLs and NXDOMAIN told apart from SERVFAIL, MX records (RFC 5321 §5.1) and addresses, over dnsjava with a
 * bounded time and CNAME chain. {@link dev.mtasts.core.dns.DnsResolver} is the interface the rest uses.
 */
package dev.mtasts.core.dns;
