package dev.mtasts.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code java -jar james-mta-sts-cli.jar}: registers the commands and lets {@link Dispatcher}
 * run the one named on the command line. A new command is one more line in {@link #commands}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Messages contain non-ASCII (§, IDNs): print UTF-8 whatever the platform's default charset is.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given streams; returns the exit code. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return new Dispatcher(commands(in)).run(List.of(args), out, err);
    }

    private static Map<String, Command> commands(InputStream in) {
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put("policy lint", new PolicyLintCommand(in));
        commands.put("txt lint", new TxtLintCommand());
        commands.put("check", new CheckCommand(java.time.Clock.systemUTC()));
        commands.put("report summary", new ReportSummaryCommand(java.time.Clock.systemUTC()));
        return commands;
    }
}
