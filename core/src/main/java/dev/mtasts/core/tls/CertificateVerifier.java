package dev.mtasts.core.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.RemoteText;
import dev.mtasts.core.tls.CertificateProblem.Kind;

/**
 * Validates a server's certificate chain for an expected host the way RFC 8461 asks, for the HTTPS policy
 * host (§3.3) and for MX hosts (§4.2): the JDK's own PKIX trust manager for TLS servers decides whether the
 * chain is trusted ({@link JdkServerChecks}: a path to one of the {@link TrustSettings} roots valid at the
 * injected clock's time, KeyUsage and ExtendedKeyUsage fit for a TLS server, the JDK's algorithm constraints
 * and CA distrust policies), without the JDK's endpoint identification; then a DNS-ID of the leaf must match
 * the host ({@link DnsIdMatcher}, RFC 6125). Revocation is not checked (as by the JDK's default trust manager).
 *
 * <p>A refusal is classified into one {@link CertificateProblem}, checked in this order:
 * <ol>
 * <li>{@link Kind#NOT_TRUSTED}: a signature algorithm or key size the JDK refuses;</li>
 * <li>{@link Kind#NOT_TRUSTED}: no path to a trusted root even ignoring dates;</li>
 * <li>{@link Kind#EXPIRED} / {@link Kind#NOT_YET_VALID}: a path exists but a certificate on it is out of
 * its validity period now;</li>
 * <li>{@link Kind#OTHER}: the leaf's extended key usage excludes TLS servers, or its key usage does not fit
 * the key exchange;</li>
 * <li>{@link Kind#NOT_TRUSTED}: a path exists, yet the JDK refuses it (a distrusted CA, say);</li>
 * <li>{@link Kind#HOST_MISMATCH}: a trusted, current certificate issued for other names.</li>
 * </ol>
 * SPEC-GAP: RFC 8460 §4.3.1 has distinct result types but does not say which one a certificate that is both
 * untrusted and expired gets. We report NOT_TRUSTED first: the dates of a certificate nobody vouches for
 * mean nothing (anyone can mint one with any dates), and "expired" would send its owner to renew a
 * certificate that would still not be trusted. Likewise an untrusted or out-of-date certificate is not
 * checked for its names.
 *
 * <p>A chain found valid for a host is remembered ({@link ValidatedChains}) for at most {@link #REMEMBER_VALID}
 * and never past the first {@code notAfter} on it: the same chain for the same host then skips path building.
 * Failures are never remembered: a refused chain is checked in full every time.
 *
 * <p>Thread-safe; never throws for a bad chain.
 */
public final class CertificateVerifier {
    /** How long a successful check of one chain for one host is reused (bounded by the chain's own dates). */
    public static final Duration REMEMBER_VALID = Duration.ofHours(1);
    private static final int REMEMBERED_CHAINS = 4096;

    private final TrustSettings trust;
    private final Clock clock;
    private static final int REFUSAL_MAX = 300;

    private final ValidatedChains validated = new ValidatedChains(REMEMBER_VALID, REMEMBERED_CHAINS);
    private final JdkServerChecks jdk;

    public CertificateVerifier(TrustSettings trust, Clock clock) {
        this.trust = Objects.requireNonNull(trust);
        this.clock = Objects.requireNonNull(clock);
        this.jdk = new JdkServerChecks(trust.anchors());
    }

    public TrustSettings trust() {
        return trust;
    }

    /**
     * The problem with {@code chain} (leaf first, as the server sent it) for {@code host}, or empty when the
     * chain is valid for it. The key must allow digital signatures (TLS 1.3, ECDHE), when it has a KeyUsage.
     */
    public Optional<CertificateProblem> verify(List<X509Certificate> chain, DomainName host) {
        return verify(chain, host, JdkServerChecks.UNKNOWN_AUTH_TYPE);
    }

    /**
     * As {@link #verify(List, DomainName)}, for the key exchange JSSE names in {@code authType} (what
     * {@code X509TrustManager.checkServerTrusted} is given): it decides which KeyUsage the leaf needs.
     */
    public Optional<CertificateProblem> verify(List<X509Certificate> chain, DomainName host, String authType) {
        if (chain.isEmpty()) {
            return problem(Kind.OTHER, host, "the server presented no certificate for " + host);
        }
        Instant now = clock.instant();
        Optional<ValidatedChains.Key> key = ValidatedChains.keyOf(chain, host, authType);
        if (key.isPresent() && validated.isValid(key.get(), now)) {
            return Optional.empty();
        }
        Optional<CertificateProblem> problem = verifyFully(chain, host, authType, now);
        if (problem.isEmpty() && key.isPresent()) {
            validated.remember(key.get(), chain, now);
        }
        return problem;
    }

    private Optional<CertificateProblem> verifyFully(List<X509Certificate> chain, DomainName host, String authType,
            Instant now) {
        X509Certificate leaf = chain.get(0);
        if (isAnchor(leaf)) {
            // a certificate the trust store holds itself (pinned, e.g. self-signed) needs no path, only dates
            // (the JDK accepts a trusted leaf without looking at its dates)
            Optional<CertificateProblem> dates = outOfDate(leaf, "the certificate presented for " + host, host, now);
            if (dates.isPresent()) {
                return dates;
            }
        }
        Optional<CertificateException> refusal = jdk.check(chain, authType, now);
        if (refusal.isPresent()) {
            return Optional.of(classify(chain, host, authType, now, refusal.get()));
        }
        if (!DnsIdMatcher.matches(leaf, host)) {
            return Optional.of(hostMismatch(leaf, host));
        }
        return Optional.empty();
    }

    /**
     * Which problem the JDK's refusal is. The JDK's exception types and messages do not name the broken rule
     * reliably (and messages change without notice), so the rules are re-checked here in the documented order
     * to tell the kinds apart; the JDK's verdict stays the one that counts.
     */
    private CertificateProblem classify(List<X509Certificate> chain, DomainName host, String authType, Instant now,
            CertificateException refusal) {
        X509Certificate leaf = chain.get(0);
        String start = "the certificate presented for " + host + " (" + describe(leaf) + ")";
        if (JdkServerChecks.pathReason(refusal).orElse(null) == CertPathValidatorException.BasicReason
                .ALGORITHM_CONSTRAINED) {
            // checked first: the path builder below applies the same constraints and would only say "no path"
            return new CertificateProblem(Kind.NOT_TRUSTED, host, start + " uses a signature algorithm or key size"
                    + " the JDK refuses (jdk.certpath.disabledAlgorithms): " + RemoteText.clean(refusal.getMessage(),
                    REFUSAL_MAX) + "; reissue it with a current algorithm and key size");
        }
        if (!isAnchor(leaf) && buildPath(chain, now).isEmpty()) {
            return untrustedOrOutOfDate(chain, host, now);
        }
        if (!allowsServerAuth(leaf)) {
            // RFC 5280 §4.2.1.12: with an extended key usage, it must include serverAuth (or anyExtendedKeyUsage)
            return new CertificateProblem(Kind.OTHER, host, start + " has an extended key usage that does not allow"
                    + " TLS server authentication (it needs serverAuth)");
        }
        Optional<String> keyUsage = ServerKeyUsage.missing(leaf, authType);
        if (keyUsage.isPresent()) {
            // RFC 5280 §4.2.1.3 with RFC 5246 §7.4.2 / RFC 8446 §4.4.2.2: the key usage must fit the key exchange
            return new CertificateProblem(Kind.OTHER, host, start + " has a key usage without " + keyUsage.get()
                    + ", which a TLS server key needs");
        }
        return new CertificateProblem(Kind.NOT_TRUSTED, host, start + " chains to a trusted root but the JDK's TLS"
                + " server checks refuse it (a certificate authority distrusted by jdk.security.caDistrustPolicies,"
                + " say): " + RemoteText.clean(refusal.getMessage(), REFUSAL_MAX));
    }

    private CertificateProblem untrustedOrOutOfDate(List<X509Certificate> chain, DomainName host, Instant now) {
        Optional<Instant> inside = commonValidityInstant(chain);
        Optional<PKIXCertPathBuilderResult> ignoringNow = inside.flatMap(at -> buildPath(chain, at));
        if (ignoringNow.isPresent()) {
            for (Certificate onPath : ignoringNow.get().getCertPath().getCertificates()) {
                X509Certificate cert = (X509Certificate) onPath;
                String which = cert.equals(chain.get(0)) ? "the certificate presented for " + host
                        : "the intermediate certificate '" + cert.getSubjectX500Principal().getName()
                                + "' in the chain presented for " + host;
                Optional<CertificateProblem> dates = outOfDate(cert, which, host, now);
                if (dates.isPresent()) {
                    return dates.get();
                }
            }
        }
        return untrusted(chain, host);
    }

    private static Optional<CertificateProblem> outOfDate(X509Certificate cert, String which, DomainName host,
            Instant now) {
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant notBefore = cert.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            return problem(Kind.EXPIRED, host, which + " (" + describe(cert) + ") expired on " + notAfter + "; renew it");
        }
        if (now.isBefore(notBefore)) {
            return problem(Kind.NOT_YET_VALID, host, which + " (" + describe(cert) + ") is not valid before "
                    + notBefore + "; check the clocks or install a current certificate");
        }
        return Optional.empty();
    }

    private boolean isAnchor(X509Certificate leaf) {
        for (TrustAnchor anchor : trust.anchors()) {
            if (leaf.equals(anchor.getTrustedCert())) {
                return true;
            }
        }
        return false;
    }

    private static CertificateProblem untrusted(List<X509Certificate> chain, DomainName host) {
        X509Certificate leaf = chain.get(0);
        String start = "the certificate presented for " + host + " (" + describe(leaf) + ")";
        if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            return new CertificateProblem(Kind.NOT_TRUSTED, host, start
                    + " is self-signed; it must be issued by a certificate authority the sender trusts");
        }
        boolean issuerSent = chain.stream().skip(1)
                .anyMatch(c -> c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()));
        if (!issuerSent) {
            return new CertificateProblem(Kind.NOT_TRUSTED, host, start + " was issued by '"
                    + leaf.getIssuerX500Principal().getName() + "', which is not a trusted root; either that CA is"
                    + " not trusted or the server does not send the intermediate certificates of its chain");
        }
        return new CertificateProblem(Kind.NOT_TRUSTED, host, start
                + " does not chain to a trusted root certificate authority");
    }

    private static CertificateProblem hostMismatch(X509Certificate leaf, DomainName host) {
        List<String> names = DnsIdMatcher.dnsIds(leaf);
        if (names.isEmpty()) {
            return new CertificateProblem(Kind.HOST_MISMATCH, host, "the certificate presented for " + host
                    + " (subject '" + leaf.getSubjectX500Principal().getName() + "') has no DNS names in its"
                    + " subjectAltName (the subject CN does not count); it needs a subjectAltName entry for " + host);
        }
        return new CertificateProblem(Kind.HOST_MISMATCH, host, "the certificate presented for " + host
                + " is valid only for " + String.join(", ", names) + ", not for " + host
                + "; it needs a subjectAltName entry for " + host);
    }

    /** PKIX path building at {@code at} (RFC 5280 §6), revocation off; empty when no valid path exists. */
    private Optional<PKIXCertPathBuilderResult> buildPath(List<X509Certificate> chain, Instant at) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain.get(0));
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trust.anchors(), target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            return Optional.of((PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters));
        } catch (CertPathBuilderException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable PKIX implementation", e);
        }
    }

    /** An instant inside every presented certificate's validity period, if their periods overlap. */
    private static Optional<Instant> commonValidityInstant(List<X509Certificate> chain) {
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        for (X509Certificate cert : chain) {
            Instant notBefore = cert.getNotBefore().toInstant();
            Instant notAfter = cert.getNotAfter().toInstant();
            from = notBefore.isAfter(from) ? notBefore : from;
            to = notAfter.isBefore(to) ? notAfter : to;
        }
        if (from.isAfter(to)) {
            return Optional.empty();
        }
        return Optional.of(from.plus(Duration.between(from, to).dividedBy(2)));
    }

    /** RFC 5280 §4.2.1.12: without the extension any use is allowed; with it, serverAuth or anyExtendedKeyUsage. */
    private static boolean allowsServerAuth(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages == null || usages.contains("1.3.6.1.5.5.7.3.1") || usages.contains("2.5.29.37.0");
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** "names: a.example, b.example; valid until 2026-..." or the subject when there are no DNS names. */
    static String describe(X509Certificate cert) {
        List<String> names = new ArrayList<>(DnsIdMatcher.dnsIds(cert));
        String who = names.isEmpty() ? "subject '" + cert.getSubjectX500Principal().getName() + "'"
                : "names: " + String.join(", ", names);
        return who + "; valid " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant();
    }

    private static Optional<CertificateProblem> problem(Kind kind, DomainName host, String sentence) {
        return Optional.of(new CertificateProblem(kind, host, sentence));
    }
}
