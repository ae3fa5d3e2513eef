/**
 * Server certificate validation as MTA-STS requires it, shared by the HTTPS policy fetch and SMTP delivery.
 *
 * <p>RFC 8461 asks the same of the policy host (§3.3) and of every MX host under a policy (§4.2): the
 * certificate chains to a trusted root, is within its validity period, and carries a DNS-ID (RFC 6125,
 * subjectAltName dNSName; a {@code *} only as the whole left-most label) matching the host the sender meant
 * to reach; the connection uses TLS 1.2 or higher (§7.2) and sends that host as SNI (§7.1).
 *
 * <p>{@link dev.mtasts.core.tls.CertificateVerifier} decides, {@link dev.mtasts.core.tls.CertificateProblem}
 * says what was wrong in words a host owner can act on (kinds kept apart, because RFC 8460 reports expired,
 * untrusted and wrong-name certificates differently), {@link dev.mtasts.core.tls.VerifyingTrustManager} and
 * {@link dev.mtasts.core.tls.TlsClientContext} plug it into JSSE, and {@link dev.mtasts.core.tls.TrustSettings}
 * holds the roots (the JDK's, or an operator's PKCS12/JKS file).
 */
package dev.mtasts.core.tls;
