package dev.mtasts.james.config;

/**
 * {@code mta-sts.properties} holds an unknown key or a value that is not allowed. Thrown only while James
 * starts; the message names the file, the key, the value and what is allowed, so that an operator can fix
 * the file from the message alone.
 */
public final class MtaStsConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MtaStsConfigurationException(String message) {
        super(message);
    }

    public MtaStsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
