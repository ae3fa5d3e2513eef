package dev.mtasts.core.delivery;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.Failure;

/**
 * What one {@link SmtpProbe} found: the session could not be opened; it was opened but the MX offered no
 * STARTTLS; STARTTLS was offered but the handshake failed; or TLS was negotiated (protocol, cipher, the chain
 * the MX sent, and the certificate {@link Failure} for the MX name, if any). Immutable.
 */
public final class SmtpProbeResult {
    /** How far the session got. */
    public enum Stage {
        /** TCP connect, banner or EHLO failed. */
        CONNECT_FAILED,
        /** EHLO succeeded but STARTTLS was not offered (RFC 8460 {@code starttls-not-supported}). */
        NO_STARTTLS,
        /** STARTTLS was offered; the TLS handshake failed. */
        HANDSHAKE_FAILED,
        /** TLS was negotiated. */
        TLS
    }

    private final Stage stage;
    private final String detail;
    private final String ehloName;
    private final String protocol;
    private final String cipherSuite;
    private final List<X509Certificate> peerChain;
    private final Failure certificateFailure;

    private SmtpProbeResult(Stage stage, String detail, String ehloName, String protocol, String cipherSuite,
            List<X509Certificate> peerChain, Failure certificateFailure) {
        this.stage = stage;
        this.detail = detail;
        this.ehloName = ehloName;
        this.protocol = protocol;
        this.cipherSuite = cipherSuite;
        this.peerChain = List.copyOf(peerChain);
        this.certificateFailure = certificateFailure;
    }

    static SmtpProbeResult connectFailed(String detail) {
        return new SmtpProbeResult(Stage.CONNECT_FAILED, Objects.requireNonNull(detail), null, null, null, List.of(),
                null);
    }

    static SmtpProbeResult noStartTls(String ehloName) {
        return new SmtpProbeResult(Stage.NO_STARTTLS, "", ehloName, null, null, List.of(), null);
    }

    static SmtpProbeResult handshakeFailed(String detail, Optional<Failure> certificateFailure) {
        return new SmtpProbeResult(Stage.HANDSHAKE_FAILED, Objects.requireNonNull(detail), null, null, null,
                List.of(), certificateFailure.orElse(null));
    }

    static SmtpProbeResult tls(String ehloName, String protocol, String cipherSuite, List<X509Certificate> chain,
            Optional<Failure> certificateFailure) {
        return new SmtpProbeResult(Stage.TLS, "", ehloName, protocol, cipherSuite, chain,
                certificateFailure.orElse(null));
    }

    public Stage stage() {
        return stage;
    }

    /** For CONNECT_FAILED and HANDSHAKE_FAILED, what went wrong; empty otherwise. */
    public String detail() {
        return detail;
    }

    /** The host name the MX gave in its EHLO reply, when it gave one. */
    public Optional<String> ehloName() {
        return Optional.ofNullable(ehloName);
    }

    /** The negotiated protocol ({@code TLSv1.3}) when the stage is TLS. */
    public Optional<String> protocol() {
        return Optional.ofNullable(protocol);
    }

    public Optional<String> cipherSuite() {
        return Optional.ofNullable(cipherSuite);
    }

    /** The chain the MX sent, leaf first; empty unless the stage is TLS. */
    public List<X509Certificate> peerChain() {
        return peerChain;
    }

    /**
     * Why the certificate is not valid for the MX name ({@code certificate-expired},
     * {@code certificate-not-trusted}, {@code certificate-host-mismatch}, ...), empty when it is valid.
     */
    public Optional<Failure> certificateFailure() {
        return Optional.ofNullable(certificateFailure);
    }

    @Override
    public String toString() {
        return stage + (protocol == null ? "" : " " + protocol) + (detail.isEmpty() ? "" : " (" + detail + ")")
                + (certificateFailure == null ? "" : " " + certificateFailure);
    }
}
