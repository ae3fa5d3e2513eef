package dev.mtasts.core.tls;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The roots certificates must chain to (RFC 8461 §3.3 and §4.2: "chain to a trusted root"): the JDK's
 * default trust store, or a PKCS12/JKS file an operator configures. Loaded once at start-up; the factories
 * throw {@link TrustStoreException} naming the file for a missing, unreadable, wrongly protected or empty
 * store. Immutable and thread-safe.
 */
public final class TrustSettings {
    private final Set<TrustAnchor> anchors;
    private final String description;

    private TrustSettings(Set<TrustAnchor> anchors, String description) {
        this.anchors = Collections.unmodifiableSet(anchors);
        this.description = description;
    }

    /** The JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore} if set). */
    public static TrustSettings jdkDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            Set<TrustAnchor> anchors = new HashSet<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    for (X509Certificate root : ((X509TrustManager) manager).getAcceptedIssuers()) {
                        anchors.add(new TrustAnchor(root, null));
                    }
                }
            }
            return of(anchors, "the JDK default trust store");
        } catch (GeneralSecurityException e) {
            throw new TrustStoreException("the JDK default trust store cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** The trusted certificate entries of a loaded key store; {@code description} names it in messages. */
    public static TrustSettings fromKeyStore(KeyStore store, String description) {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            Enumeration<String> aliases = store.aliases();
            while (aliases.hasMoreElements()) {
                String alias = aliases.nextElement();
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate) {
                    anchors.add(new TrustAnchor((X509Certificate) store.getCertificate(alias), null));
                }
            }
            return of(anchors, description);
        } catch (KeyStoreException e) {
            throw new TrustStoreException(description + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A PKCS12 or JKS file (the type is detected) protected by {@code password} (may be null for a store
     * without integrity password).
     */
    public static TrustSettings fromFile(Path file, char[] password) {
        String name = "the trust store " + file.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new TrustStoreException(name + " does not exist or is not a regular file", null);
        }
        if (!Files.isReadable(file)) {
            throw new TrustStoreException(name + " is not readable by this process", null);
        }
        KeyStore store;
        try {
            File asFile = file.toFile();
            store = KeyStore.getInstance(asFile, password);
        } catch (IOException e) {
            boolean badPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw new TrustStoreException(name + (badPassword ? " cannot be opened with the configured password"
                    : " cannot be read: " + e.getMessage()), e);
        } catch (GeneralSecurityException e) {
            throw new TrustStoreException(name + " is not a PKCS12 or JKS key store: " + e.getMessage(), e);
        }
        return fromKeyStore(store, name);
    }

    private static TrustSettings of(Set<TrustAnchor> anchors, String description) {
        if (anchors.isEmpty()) {
            throw new TrustStoreException(description + " contains no trusted certificates", null);
        }
        return new TrustSettings(anchors, description);
    }

    /**
     * An {@link SSLContext} whose PKIX trust manager trusts exactly these anchors (revocation not checked, as
     * in the JDK's default), for clients that check host names themselves, e.g. HTTPS report delivery.
     */
    public SSLContext sslContext() {
        try {
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
            parameters.setRevocationEnabled(false);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(new CertPathTrustManagerParameters(parameters));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TrustStoreException(description + " cannot back a TLS context: " + e.getMessage(), e);
        }
    }

    /** The trust anchors, never empty. */
    public Set<TrustAnchor> anchors() {
        return anchors;
    }

    /** Where the anchors came from, e.g. "the trust store /etc/james/mta-sts-trust.p12". */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description + " (" + anchors.size() + " roots)";
    }
}
