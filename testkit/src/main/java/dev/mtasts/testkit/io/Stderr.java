package dev.mtasts.testkit.io;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What code under test writes to standard error (slf4j-simple's log lines in unit tests), captured while an
 * action runs. Replaces {@link System#err} for the duration, so tests using it must not run in parallel.
 */
public final class Stderr {
    private Stderr() {
    }

    /** An action that may throw. */
    public interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} and returns what it wrote to standard error; its exception, if any, propagates. */
    public static String capture(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** {@link #capture(Action)} for an action that throws no checked exception. */
    public static String of(Runnable action) {
        try {
            return capture(action::run);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
