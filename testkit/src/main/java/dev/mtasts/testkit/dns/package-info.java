/**
 * A DNS server for tests. MTA-STS starts with DNS: a TXT record at {@code _mta-sts.<domain>} announces a
 * policy (RFC 8461 §3.1), MX records say where mail goes, A and AAAA records where to connect, and every
 * one of those may be missing (NXDOMAIN, NODATA), broken (SERVFAIL, REFUSED, no answer), split over
 * several strings, reached through CNAMEs or too large for UDP. The plugin must keep those cases apart,
 * because "no record" and "could not find out" lead to different decisions and different TLS-RPT results.
 *
 * <p>{@link dev.mtasts.testkit.dns.TestDnsServer} answers real DNS messages (dnsjava's wire format) over
 * UDP and TCP on a loopback address, from zone data and per-name behaviours a test sets and changes while
 * it runs, and logs every question so that a test can assert how many were asked. Point the production
 * resolver (or James) at its {@code hostPort()}.
 */
package dev.mtasts.testkit.dns;
