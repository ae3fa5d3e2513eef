package dev.mtasts.testkit.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Server-side TLS material for test servers (HTTPS policy hosts, SMTP sinks): a {@link KeyManager} or an
 * {@link SSLContext} presenting one {@link TestCa.Leaf}, whatever name the client asks for (a test that
 * wants a wrong-name certificate must get it). Stateless.
 */
public final class ServerTls {
    private static final char[] PASSWORD = "test".toCharArray();

    private ServerTls() {
    }

    /** Key managers that always present {@code leaf}'s chain ({@code SunX509}: no SNI-based selection). */
    public static KeyManager[] keyManagers(TestCa.Leaf leaf) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", leaf.privateKey(), PASSWORD, leaf.chain().toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(store, PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build key managers for " + leaf, e);
        }
    }

    /** A TLS server context presenting {@code leaf}; JDK default protocols (TLS 1.2 and 1.3). */
    public static SSLContext serverContext(TestCa.Leaf leaf) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(leaf), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server context for " + leaf, e);
        }
    }
}
