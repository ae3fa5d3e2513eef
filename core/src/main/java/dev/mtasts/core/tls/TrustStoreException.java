package dev.mtasts.core.tls;

/**
 * A start-up configuration error: the configured trust store cannot be used. The message names the file and
 * what is wrong with it.
 */
public final class TrustStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrustStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
