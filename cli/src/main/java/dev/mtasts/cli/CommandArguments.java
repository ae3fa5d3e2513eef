package dev.mtasts.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments split into positional values, flags ({@code --json}) and list options
 * ({@code --mx HOST...}: every following argument up to the next one starting with {@code --}). {@code --}
 * ends the options; a lone {@code -} is a positional value (stdin). Immutable.
 */
final class CommandArguments {
    private final List<String> positional;
    private final Set<String> flags;
    private final Map<String, List<String>> lists;

    private CommandArguments(List<String> positional, Set<String> flags, Map<String, List<String>> lists) {
        this.positional = positional;
        this.flags = flags;
        this.lists = lists;
    }

    /**
     * @throws UsageException for an option not in {@code knownFlags} or {@code listOptions}, or a list option
     *     without a value
     */
    static CommandArguments parse(List<String> args, Set<String> knownFlags, Set<String> listOptions)
            throws UsageException {
        List<String> positional = new ArrayList<>();
        Set<String> flags = new HashSet<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (knownFlags.contains(arg)) {
                flags.add(arg);
            } else if (listOptions.contains(arg)) {
                List<String> values = lists.computeIfAbsent(arg, k -> new ArrayList<>());
                int before = values.size();
                while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    values.add(args.get(++i));
                }
                if (values.size() == before) {
                    throw new UsageException(arg + " needs at least one value");
                }
            } else {
                throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return new CommandArguments(List.copyOf(positional), Set.copyOf(flags), lists);
    }

    List<String> positional() {
        return positional;
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    /** The values given to a list option, empty when it was not given. */
    List<String> list(String option) {
        return lists.getOrDefault(option, List.of());
    }
}
