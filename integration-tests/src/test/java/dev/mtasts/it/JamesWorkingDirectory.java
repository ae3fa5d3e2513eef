package dev.mtasts.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.mtasts.testkit.conf.ConfFiles;

/**
 * A James working directory for a test: {@code conf/} copied from {@code conf-samples/conf}, the plugin jar
 * in {@code extensions-jars/}, and small edits of the copied files. Not thread-safe: one test thread sets it
 * up before James starts. Every method throws {@link UncheckedIOException} on disk trouble and
 * {@link IllegalStateException} when an edit does not find what it must replace (a sample file changed).
 */
public final class JamesWorkingDirectory {
    /** System property (set by the pom) naming {@code conf-samples/conf}. */
    static final String CONF_SAMPLES_PROPERTY = "mtasts.it.confSamples";
    /** System property (set by the pom) naming the packaged dist jar. */
    static final String PLUGIN_JAR_PROPERTY = "mtasts.it.pluginJar";
    /** System property (set by the pom) naming the packaged command line jar. */
    static final String CLI_JAR_PROPERTY = "mtasts.it.cliJar";

    private final Path root;

    private JamesWorkingDirectory(Path root) {
        this.root = root;
    }

    /** Lays out {@code root} from the samples and the plugin jar named by the system properties. */
    static JamesWorkingDirectory layOut(Path root) {
        Path samples = Path.of(requiredProperty(CONF_SAMPLES_PROPERTY));
        Path pluginJar = Path.of(requiredProperty(PLUGIN_JAR_PROPERTY));
        if (!Files.isRegularFile(pluginJar) || !pluginJar.getFileName().toString().endsWith(".jar")) {
            throw new IllegalStateException(PLUGIN_JAR_PROPERTY + "=" + pluginJar + " is not the packaged plugin jar;"
                + " run the integration tests with `mvn verify` so that the dist module is packaged first");
        }
        try {
            Path conf = Files.createDirectories(root.resolve("conf"));
            try (Stream<Path> files = Files.list(samples)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, conf.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path extensions = Files.createDirectories(root.resolve("extensions-jars"));
            Files.copy(pluginJar, extensions.resolve(pluginJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(root.resolve("var"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out a James working directory in " + root, e);
        }
        return new JamesWorkingDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path confFile(String name) {
        return root.resolve("conf").resolve(name);
    }

    /** Replaces the text of {@code conf/<name>} (creating the file) by {@code edit} applied to it. */
    public void editConfFile(String name, UnaryOperator<String> edit) {
        ConfFiles.edit(confFile(name), edit);
    }

    /** Sets {@code key=value} in {@code conf/<file>} (a .properties file), replacing the key's line if any. */
    public void setProperty(String file, String key, String value) {
        ConfFiles.setProperty(confFile(file), key, value);
    }

    /** Replaces the single match of {@code regex} in {@code conf/<file>} by {@code replacement} (literal). */
    public void replaceOnce(String file, String regex, String replacement) {
        ConfFiles.replaceOnce(confFile(file), regex, replacement);
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through Maven"
                + " (integration-tests/pom.xml sets it)");
        }
        return value;
    }
}
