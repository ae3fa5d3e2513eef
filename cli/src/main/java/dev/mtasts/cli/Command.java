package dev.mtasts.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One command of the command line tool ({@code policy lint}, {@code txt lint}, ...). A command writes its
 * result to {@code out}, usage problems to {@code err}, and returns the process exit code. Implementations
 * hold no mutable state between runs and never call {@link System#exit}.
 */
public interface Command {
    // One exit-code convention for every command (docs/cli.md "Exit codes"); check's codes are the same as
    // the exit_code of its JSON document (CheckReportJson).
    /** Done; nothing wrong was found. */
    int OK = 0;
    /** Done; warnings only (a valid policy or record with warnings, a check with warning steps only). */
    int WARNINGS = 1;
    /** Done; something is wrong: an invalid policy or record, a failed check step, a damaged data file. */
    int PROBLEMS = 2;
    /** The command line was wrong or the input could not be read; a message went to {@code err}. */
    int USAGE = 3;

    /** The synopsis after the command's name, e.g. {@code FILE|- [--mx HOST...] [--json]}. */
    String synopsis();

    /** One sentence saying what the command does. */
    String description();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @return {@link #OK}, {@link #WARNINGS}, {@link #PROBLEMS} or {@link #USAGE}
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
