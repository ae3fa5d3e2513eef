package dev.mtasts.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One command of the command line tool ({@code policy lint}, {@code txt lint}, ...). A command writes its
 * result to {@code out}, usage problems to {@code err}, and returns the process exit code. Implementations
 * hold no mutable state between runs and never call {@link System#exit}.
 */
public interface Command {
    /** The input was read and is valid (warnings may have been printed). */
    int VALID = 0;
    /** The input was read and is invalid. */
    int INVALID = 1;
    /** The command line was wrong or the input could not be read; a message went to {@code err}. */
    int USAGE = 2;

    /** The synopsis after the command's name, e.g. {@code FILE|- [--mx HOST...] [--json]}. */
    String synopsis();

    /** One sentence saying what the command does. */
    String description();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @return {@link #VALID}, {@link #INVALID} or {@link #USAGE}
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
