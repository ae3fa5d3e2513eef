package dev.mtasts.testkit.conf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Edits of James configuration files copied from {@code conf-samples/conf} (the integration tests' and the
 * bench's James working directories). An edit that does not find what it must change fails loudly: a sample
 * that changed must not silently leave a test running on the wrong configuration. Stateless.
 */
public final class ConfFiles {
    private ConfFiles() {
    }

    /** Replaces the text of {@code file} (creating it) by {@code change} applied to it. */
    public static void edit(Path file, UnaryOperator<String> change) {
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            Files.writeString(file, change.apply(text), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot edit " + file, e);
        }
    }

    /** Sets {@code key=value} in a .properties file, replacing the key's line(s) if any, else adding one. */
    public static void setProperty(Path file, String key, String value) {
        edit(file, text -> {
            List<String> lines = new ArrayList<>(text.lines().collect(Collectors.toList()));
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("\\s*" + Pattern.quote(key) + "\\s*[=:].*")) {
                    lines.set(i, key + "=" + value);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(key + "=" + value);
            }
            return String.join("\n", lines) + "\n";
        });
    }

    /**
     * Replaces the single match of {@code regex} (DOTALL) in {@code file} by {@code replacement} (literal);
     * fails when there is no match or more than one.
     */
    public static void replaceOnce(Path file, String regex, String replacement) {
        edit(file, text -> {
            Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
            if (!matcher.find()) {
                throw new IllegalStateException(file + " has no " + regex + ": did the sample change?");
            }
            String result = text.substring(0, matcher.start()) + replacement + text.substring(matcher.end());
            if (matcher.find()) {
                throw new IllegalStateException(file + " has more than one " + regex);
            }
            return result;
        });
    }
}
