/**
 * Sending the daily TLS-RPT reports (RFC 8460 §4, §5): the schedule after each UTC midnight with a random
 * delay ({@link dev.mtasts.core.tlsrpt.send.ReportScheduler}), the {@code rua} lookup and its limits, report
 * size limits and splitting, the report archive on disk, mailto: delivery as a MIME report (§5.3) and https:
 * POST (§5.4) with retries and back-off, the delivery status of each report, and the leases that let one node
 * of a cluster send a domain day.
 */
package dev.mtasts.core.tlsrpt.send;
