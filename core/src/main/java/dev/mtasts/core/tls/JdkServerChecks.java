package dev.mtasts.core.tls;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's own PKIX trust manager (SunJSSE, {@code TrustManagerFactory "PKIX"}) run on a server chain, so that
 * every rule the JDK applies to a TLS server applies here too: PKIX path validation to the configured anchors
 * at a given instant, the TLS server end-entity rules (KeyUsage fitting the key exchange, ExtendedKeyUsage
 * serverAuth), the algorithm constraints ({@code jdk.certpath.disabledAlgorithms}) and the CA distrust
 * policies ({@code jdk.security.caDistrustPolicies}). Host names are NOT checked here: the two-argument
 * {@code checkServerTrusted} does no endpoint identification, and RFC 8461 §4.2 needs the RFC 6125 DNS-ID
 * match of {@link DnsIdMatcher} against the MX or policy host instead.
 *
 * <p>Revocation is off, as in the JDK's default trust manager. A trust manager is made per check because the
 * validation instant comes from the injected clock (it is fixed in the parameters the JDK copies); that costs
 * far less than the path validation itself, and {@link ValidatedChains} spares repeated checks.
 * Thread-safe; never throws for a bad chain.
 */
final class JdkServerChecks {
    /** The authType of TLS 1.3 and of callers outside a handshake: the key must allow digital signatures. */
    static final String UNKNOWN_AUTH_TYPE = "UNKNOWN";

    private final Set<TrustAnchor> anchors;

    JdkServerChecks(Set<TrustAnchor> anchors) {
        this.anchors = Objects.requireNonNull(anchors);
    }

    /** Empty when the JDK accepts {@code chain} (leaf first) for a TLS server at {@code at}; its refusal otherwise. */
    Optional<CertificateException> check(List<X509Certificate> chain, String authType, Instant at) {
        X509TrustManager manager = managerAt(at);
        try {
            manager.checkServerTrusted(chain.toArray(new X509Certificate[0]),
                    authType == null || authType.isEmpty() ? UNKNOWN_AUTH_TYPE : authType);
            return Optional.empty();
        } catch (CertificateException e) {
            return Optional.of(e);
        } catch (RuntimeException e) {
            // e.g. an authType SunJSSE does not know; a refusal all the same, never a crash of the handshake
            return Optional.of(new CertificateException(e.toString(), e));
        }
    }

    /** The reason of the first {@link CertPathValidatorException} in the cause chain, if any. */
    static Optional<CertPathValidatorException.Reason> pathReason(Throwable refusal) {
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException) {
                return Optional.ofNullable(((CertPathValidatorException) t).getReason());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    private X509TrustManager managerAt(Instant at) {
        try {
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(new CertPathTrustManagerParameters(parameters));
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    return (X509TrustManager) manager;
                }
            }
            throw new IllegalStateException("the JDK's PKIX trust manager factory made no X509TrustManager");
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("the trust anchors are unusable: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable PKIX trust manager", e);
        }
    }
}
