package dev.mtasts.cli;

/** A command line that cannot be run as given; the message says why and goes to stderr (exit code 3, {@link Command#USAGE}). */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
