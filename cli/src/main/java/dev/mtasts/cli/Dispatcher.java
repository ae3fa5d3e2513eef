package dev.mtasts.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the command named by the first words of the command line ({@code policy lint}, {@code check}, ...)
 * and runs it with the remaining arguments; prints the usage for {@code --help}, no arguments or an unknown
 * command. Immutable once built; thread-safe if its commands are.
 */
public final class Dispatcher {
    private final Map<List<String>, Command> commands = new LinkedHashMap<>();

    /** @param commands command names (one or more words separated by spaces) to commands, in usage order */
    public Dispatcher(Map<String, Command> commands) {
        commands.forEach((name, command) -> this.commands.put(List.of(name.split(" ")), command));
    }

    /** Runs the command line; returns the exit code (3 for a usage error). */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            printUsage(err);
            return Command.USAGE;
        }
        if (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h")
                || args.get(0).equals("help"))) {
            printUsage(out);
            return Command.OK;
        }
        List<List<String>> names = new ArrayList<>(commands.keySet());
        names.sort(Comparator.comparingInt(name -> -name.size()));
        for (List<String> name : names) {
            if (args.size() >= name.size() && args.subList(0, name.size()).equals(name)) {
                return commands.get(name).run(args.subList(name.size(), args.size()), out, err);
            }
        }
        err.println("unknown command '" + String.join(" ", args.subList(0, Math.min(2, args.size()))) + "'");
        printUsage(err);
        return Command.USAGE;
    }

    private void printUsage(PrintStream stream) {
        stream.println("usage: java -jar james-mta-sts-cli.jar COMMAND [ARGS]");
        stream.println("commands:");
        commands.forEach((name, command) -> {
            stream.println("  " + String.join(" ", name) + " " + command.synopsis());
            stream.println("      " + command.description());
        });
        stream.println("exit codes, every command: 0 nothing wrong, 1 warnings only, 2 something wrong (invalid, failed, damaged),"
                + " 3 usage error or unreadable input");
    }
}
