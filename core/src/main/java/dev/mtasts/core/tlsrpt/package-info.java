/**
 * SMTP TLS Reporting (RFC 8460), the shared model: the report key of a session (§4.4 policy and
 * failure-details, {@link dev.mtasts.core.tlsrpt.PolicyKey}, {@link dev.mtasts.core.tlsrpt.FailureDetailKey}),
 * the day counts ({@link dev.mtasts.core.tlsrpt.DaySummary}) and where they are read from
 * ({@link dev.mtasts.core.tlsrpt.AggregateSource}), the report document and its JSON (§4, §4.5), report ids
 * and file names, and the {@code _smtp._tls} TXT record with its {@code rua} URIs (§3). Recording sessions is
 * {@code tlsrpt.record}; building and sending the daily reports is {@code tlsrpt.send}.
 */
package dev.mtasts.core.tlsrpt;
