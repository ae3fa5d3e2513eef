/**
 * The delivery engine (RFC 8461 §4 and §5): MX resolution and ordering, the policy check of each MX host
 * (§4.1), STARTTLS with certificate validation (§4.2) or opportunistic TLS, per-recipient outcomes with
 * enhanced status codes (RFC 3463), session reuse, and the attempt results TLS-RPT counts (RFC 8460 §4.3.1:
 * an attempt decides {@code starttls-not-supported} from the EHLO answer itself). The SMTP protocol is
 * {@code dev.mtasts.core.smtp}.
 */
package dev.mtasts.core.delivery;
