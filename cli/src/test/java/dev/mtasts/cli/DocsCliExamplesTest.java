package dev.mtasts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.testkit.docs.MarkdownBlocks;
import dev.mtasts.testkit.docs.MarkdownBlocks.Block;
import dev.mtasts.testkit.https.TestResponse;

/**
 * Every {@code console} block in {@code docs/*.md} is a session that really happens: {@code $ cat FILE} shows a
 * file's content (the test writes it), {@code $ java -jar ... ARGS} runs the command line in-process through
 * {@link Main} and must print exactly the lines shown, {@code $ echo $?} shows its exit code. A {@code check}
 * runs against the {@link CheckTestWorld} named by the block's {@code <!-- docs-check world=... -->} marker;
 * its output is compared with times, ports and certificate dates ignored.
 */
class DocsCliExamplesTest {
    private static final Path DOCS = Path.of(System.getProperty("mtasts.projectRoot", "..")).toAbsolutePath()
            .normalize().resolve("docs");

    @TempDir
    Path directory;

    static List<Block> sessions() {
        return MarkdownBlocks.inDirectory(DOCS).stream().filter(b -> b.language().equals("console"))
                .collect(Collectors.toList());
    }

    @Test
    void shouldFindTheSessionsWhenTheDocsAreRead() {
        assertThat(sessions()).as("console blocks in " + DOCS).hasSizeGreaterThanOrEqualTo(5);
        assertThat(sessions()).filteredOn(b -> b.text().contains(" check ")).hasSize(2)
                .allMatch(b -> b.marker().isPresent());
    }

    @Test
    void shouldShowEveryLintExampleInACheckedSessionWhenTheDocsUseOne() {
        List<Block> unchecked = MarkdownBlocks.inDirectory(DOCS).stream()
                .filter(b -> !b.language().equals("console"))
                .filter(b -> b.text().contains("policy lint") || b.text().contains("txt lint"))
                .collect(Collectors.toList());

        assertThat(unchecked).as("lint examples outside console blocks (their output would not be checked)").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    void shouldPrintWhatTheDocsShowWhenEachCommandIsRun(Block block) throws Exception {
        Map<String, Path> files = new HashMap<>();
        Integer lastExit = null;
        for (Step step : steps(block)) {
            List<String> words = ShellWords.split(step.command);
            String where = block + " '$ " + step.command + "'";
            if (words.get(0).equals("cat") && words.size() == 2) {
                Path file = directory.resolve(words.get(1));
                Files.writeString(file, step.output, StandardCharsets.UTF_8);
                files.put(words.get(1), file);
            } else if (words.equals(List.of("echo", "$?"))) {
                assertThat(step.output).as(where).isEqualTo(lastExit + "\n");
            } else if (words.size() > 3 && words.get(0).equals("java") && words.get(1).equals("-jar")
                    && words.get(2).endsWith(".jar")) {
                // The command line tool is the cli jar, not the plugin jar (which has no Main-Class).
                assertThat(Path.of(words.get(2)).getFileName().toString()).as(where).startsWith("james-mta-sts-cli");
                List<String> args = new ArrayList<>(words.subList(3, words.size()));
                args.replaceAll(arg -> files.containsKey(arg) ? files.get(arg).toString() : arg);
                lastExit = args.get(0).equals("check") ? runCheck(block, args, step.output, where)
                        : runLint(args, step.output, where);
            } else {
                throw new AssertionError(where + ": the test cannot run this command; use cat, java -jar or echo $?");
            }
        }
    }

    private static int runLint(List<String> args, String shown, String where) {
        CapturedRun run = CapturedRun.of(args.toArray(new String[0]));
        assertThat(run.out + run.err).as(where).isEqualTo(shown);
        return run.exitCode;
    }

    private int runCheck(Block block, List<String> args, String shown, String where) throws IOException {
        String world = block.marker().orElseThrow(() -> new AssertionError(where + ": no docs-check world marker"));
        try (CheckTestWorld set = new CheckTestWorld(directory)) {
            if (world.equals("world=policy-404")) {
                set.web.respond(CheckTestWorld.PATH, TestResponse.status(404));
            } else if (!world.equals("world=healthy")) {
                throw new AssertionError(where + ": unknown " + world);
            }
            assertThat(args.get(1)).as(where).isEqualTo("example.test");
            String[] worldArgs = set.args(args.subList(2, args.size()).toArray(new String[0]));
            CapturedRun run = CapturedRun.of(worldArgs);
            String smtpPort = worldArgs[List.of(worldArgs).indexOf("--smtp-port") + 1];
            String printed = run.out.replace("mta-sts.example.test:" + set.web.port() + "/", "mta-sts.example.test/")
                    .replace("mta-sts.example.test:" + set.web.port(), "mta-sts.example.test:443")
                    .replace("mx1.example.test:" + smtpPort, "mx1.example.test:25");
            assertThat(varying(printed + run.err)).as(where).isEqualTo(varying(shown));
            return run.exitCode;
        }
    }

    /** Blanks what differs from run to run: durations in ms, the fetch timeout, certificate dates. */
    private static String varying(String text) {
        return text.replaceAll("\\d+ ms", "N ms").replaceAll("fetch timeout \\d+ s", "fetch timeout N s")
                .replaceAll("valid until \\S+", "valid until DATE");
    }

    /** One {@code $ command} and the lines printed after it. */
    private static final class Step {
        final String command;
        final String output;

        Step(String command, String output) {
            this.command = command;
            this.output = output;
        }
    }

    private static List<Step> steps(Block block) {
        List<Step> steps = new ArrayList<>();
        String command = null;
        StringBuilder output = new StringBuilder();
        for (String line : block.text().split("\n", -1)) {
            if (line.startsWith("$ ")) {
                if (command != null) {
                    steps.add(new Step(command, output.toString()));
                }
                command = line.substring(2);
                output.setLength(0);
            } else if (command == null) {
                throw new AssertionError(block + ": a console block starts with a '$ ' command line");
            } else {
                output.append(line).append('\n');
            }
        }
        // The block's text ends in "\n", so split left one empty piece at the end.
        steps.add(new Step(command, output.substring(0, Math.max(0, output.length() - 1))));
        return steps;
    }

    /** Splits a shell command line into words: blanks separate, '...' and "..." quote. */
    static final class ShellWords {
        private ShellWords() {
        }

        static List<String> split(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            char quote = 0;
            for (char c : line.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inWord = true;
                } else if (c == ' ') {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (quote != 0) {
                throw new AssertionError("unclosed quote in: " + line);
            }
            if (inWord) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
