package dev.mtasts.core.cache;

/** A policy store could not read or write (disk full, permissions). The in-memory cache stays valid. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
