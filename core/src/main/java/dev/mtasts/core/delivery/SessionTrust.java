package dev.mtasts.core.delivery;

import java.util.Optional;

import javax.net.ssl.X509TrustManager;

import dev.mtasts.core.Failure;

/**
 * The certificate check of one SMTP session: a trust manager that validates the MX's certificate for the
 * MX name (RFC 8461 §4.2) and remembers why it failed. Under enforce it aborts the handshake on failure;
 * under testing or opportunistic delivery it only records. One instance per session; not shared.
 */
public interface SessionTrust {
    X509TrustManager trustManager();

    /** Why the certificate did not validate ({@code certificate-expired}, ...), once the handshake ran. */
    Optional<Failure> failure();

    /** Makes the {@link SessionTrust} of one session. Thread-safe. */
    interface Factory {
        /**
         * @param mxHost the MX name the certificate must be valid for
         * @param abortOnFailure true under enforce: a failure aborts the handshake
         */
        SessionTrust forHost(dev.mtasts.core.DomainName mxHost, boolean abortOnFailure);
    }
}
