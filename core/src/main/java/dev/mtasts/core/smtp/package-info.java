/**
 * A small SMTP client for delivery, bounded in every dimension the other side controls.
 *
 * <p>An SMTP client talks to hosts it does not choose: any MX a recipient domain publishes. Everything that
 * host sends passes a bounded reader ({@link dev.mtasts.core.smtp.ReplyReader}) before anything else sees it:
 * a reply line is at most {@link dev.mtasts.core.smtp.SmtpLimits#lineOctets()} octets (RFC 5321 §4.5.3.1.5
 * allows 512 including CRLF; we allow slack), a multi-line reply (RFC 5321 §4.2, §4.2.1) at most
 * {@link dev.mtasts.core.smtp.SmtpLimits#replyLines()} lines and {@link dev.mtasts.core.smtp.SmtpLimits#replyOctets()}
 * octets, and the whole session at most {@link dev.mtasts.core.smtp.SmtpLimits#sessionOctets()} octets. The
 * same reader sits on the plain socket and, after STARTTLS, on the TLS socket's plaintext stream; TLS records
 * themselves are bounded by the JDK (one record buffered at a time, handshake message and chain size limits).
 *
 * <p>Time is bounded by deadlines, not only by read timeouts: one for the session's set-up (connect, greeting,
 * EHLO, STARTTLS, handshake, second EHLO), one per command (RFC 5321 §4.5.3.2 suggests 5 minutes for MAIL
 * and RCPT), and one for the whole transaction, growing with the message size. Before each read the socket's
 * timeout is set to the time left, and a watchdog closes the socket when a deadline passes, so a server that
 * drips one byte just inside every read timeout cannot stretch a session. STARTTLS (RFC 3207) layers an
 * {@code SSLSocket} over the connected socket; plaintext the server sent after its 220 reply to STARTTLS is
 * refused (RFC 3207 §4.2: nothing from before TLS may be trusted). A session can be told to refuse every
 * transaction command unless it runs over validated TLS (RFC 8461 §5 enforce), and it checks that itself
 * before MAIL FROM, RCPT TO and DATA. Failures are {@link dev.mtasts.core.smtp.SmtpException}s whose message
 * is one sentence naming the host, the limit or deadline and its figure.
 */
package dev.mtasts.core.smtp;
