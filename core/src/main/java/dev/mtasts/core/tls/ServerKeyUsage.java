package dev.mtasts.core.tls;

import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;

/**
 * Which KeyUsage bit a TLS server's key needs for a key exchange, as JSSE names it in {@code authType}: with
 * ephemeral key exchange and in TLS 1.3 ({@code UNKNOWN}) the server signs, so digitalSignature; with RSA key
 * transport the client encrypts to the key, so keyEncipherment; with static (EC)DH, keyAgreement
 * (RFC 5280 §4.2.1.3, RFC 5246 §7.4.2, RFC 8446 §4.4.2.2). Used only to name the reason the JDK refused a
 * chain. Stateless.
 */
final class ServerKeyUsage {
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    private ServerKeyUsage() {
    }

    /** The name of the KeyUsage bit {@code leaf} lacks for {@code authType}; empty when it has no KeyUsage or the bit. */
    static Optional<String> missing(X509Certificate leaf, String authType) {
        boolean[] usage = leaf.getKeyUsage();
        if (usage == null) {
            return Optional.empty();
        }
        String type = authType == null ? "" : authType.toUpperCase(Locale.ROOT);
        int bit;
        String name;
        if (type.equals("RSA")) {
            bit = KEY_ENCIPHERMENT;
            name = "keyEncipherment";
        } else if (type.startsWith("ECDH_") || type.startsWith("DH_")) {
            bit = KEY_AGREEMENT;
            name = "keyAgreement";
        } else {
            bit = DIGITAL_SIGNATURE;
            name = "digitalSignature";
        }
        return usage.length > bit && usage[bit] ? Optional.empty() : Optional.of(name);
    }
}
