/**
 * Recording TLS-RPT sessions (RFC 8460 §4.4): which sessions a delivery round or a policy-fetch failure
 * contains ({@link dev.mtasts.core.tlsrpt.record.SessionMapper}), the counters per domain, day and policy,
 * their crash-safe checkpoints, and the JSON-lines failure log for operators
 * ({@link dev.mtasts.core.tlsrpt.record.TlsRptRecorder} ties them together). Report mails themselves are
 * logged but not counted (§5.3.1, no report loops).
 */
package dev.mtasts.core.tlsrpt.record;
