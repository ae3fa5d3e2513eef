package dev.mtasts.james.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;

import dev.mtasts.core.tls.TrustSettings;

/**
 * Where the trust anchors for HTTPS policy fetches come from when the JDK's default ones are not wanted:
 * a key store file, its password and its type ({@code PKCS12}, {@code JKS}, ...). Immutable and
 * thread-safe. {@link #toString()} never shows the password.
 */
public final class TrustStoreSettings {
    private final Path path;
    private final String password;
    private final String type;

    public TrustStoreSettings(Path path, String password, String type) {
        this.path = Objects.requireNonNull(path, "path");
        this.password = Objects.requireNonNull(password, "password");
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Loads the key store and takes its trusted certificates.
     *
     * @throws GeneralSecurityException the type is unknown or the store cannot be checked
     * @throws IOException the file cannot be read or the password is wrong
     * @throws dev.mtasts.core.tls.TrustStoreException the store holds no trusted certificate
     */
    public TrustSettings load() throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            keyStore.load(in, password.toCharArray());
        }
        return TrustSettings.fromKeyStore(keyStore, "the trust store " + path);
    }

    public Path path() {
        return path;
    }

    /** The key store password; empty when the file has none. */
    public String password() {
        return password;
    }

    public String type() {
        return type;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof TrustStoreSettings)) {
            return false;
        }
        TrustStoreSettings that = (TrustStoreSettings) other;
        return path.equals(that.path) && password.equals(that.password) && type.equals(that.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, password, type);
    }

    @Override
    public String toString() {
        return path + " (" + type + (password.isEmpty() ? ", no password)" : ", password set)");
    }
}
