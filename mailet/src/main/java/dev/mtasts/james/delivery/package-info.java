/**
 * Outbound delivery inside James (RFC 8461 §5): the outgoing queue's consumer with per-domain dispatch, retries
 * and the §5.1 re-check before a bounce, DSNs (RFC 3464), the delivery log, local policy (RFC 8689
 * {@code TLS-Required}, discovery failure handling), and the mail attribute that marks the plugin's own report
 * mails ({@link dev.mtasts.james.delivery.ReportMailMark}).
 */
package dev.mtasts.james.delivery;
