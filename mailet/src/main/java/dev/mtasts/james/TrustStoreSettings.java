package dev.mtasts.james;

import java.nio.file.Path;
import java.util.Objects;

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
