package dev.mtasts.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No package of the project's main code depends, directly or through others, on a package that depends on it:
 * the packages form a layered graph (core's RFC logic at the bottom, the James side on top), so each can be
 * changed or moved without dragging the rest. Read from the sources of every module's main code: imports and
 * fully qualified names outside comments and strings.
 */
class PackageCyclesTest {
    private static final Path ROOT = Path.of(System.getProperty("mtasts.projectRoot", "..")).toAbsolutePath()
            .normalize();
    private static final List<String> MODULES = List.of("core", "matcher", "mailet", "cli", "cassandra");
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.mtasts(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");
    /** Comments and string literals (a logger's name is no dependency). */
    private static final Pattern NOT_CODE = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"");

    @Test
    void shouldFindNoCycleWhenEveryPackageOfTheMainCodeIsRead() {
        Map<String, Set<String>> graph = dependencies();

        assertThat(graph).as("packages read").containsKeys("dev.mtasts.core", "dev.mtasts.core.tlsrpt",
                "dev.mtasts.james", "dev.mtasts.james.tlsrpt", "dev.mtasts.cli");
        assertThat(cycles(graph)).as("package cycles (each: the packages that reach each other)").isEmpty();
    }

    @Test
    void shouldKeepTheCommandLineAndCoreOffTheJamesSide() {
        Map<String, Set<String>> graph = dependencies();

        graph.forEach((from, to) -> {
            if (from.startsWith("dev.mtasts.core") || from.startsWith("dev.mtasts.cli")) {
                assertThat(to).as(from).noneMatch(p -> p.startsWith("dev.mtasts.james"));
            }
        });
    }

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String module : MODULES) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                    String from = sources.relativize(file.getParent()).toString().replace('/', '.');
                    Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                    String code = NOT_CODE.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll("");
                    Matcher matcher = REFERENCE.matcher(code);
                    while (matcher.find()) {
                        if (!matcher.group(1).equals(from)) {
                            to.add(matcher.group(1));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    /** Tarjan's strongly connected components with more than one package. */
    private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
