package dev.mtasts.testkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fenced code blocks of Markdown files, for the tests that check every sample in {@code docs/}. A block
 * starts with a line of three back-ticks and a language ({@code ```xml}), possibly indented (a block inside a
 * list item), and ends at the next line of three back-ticks; its text loses the fence's indentation. An HTML
 * comment {@code <!-- docs-check ... -->} on the line just before the fence is kept as the block's marker.
 * Stateless; {@link UncheckedIOException} when a file cannot be read.
 */
public final class MarkdownBlocks {
    private static final Pattern OPEN = Pattern.compile("^(\\s*)```([A-Za-z0-9_-]*)\\s*$");
    private static final Pattern CLOSE = Pattern.compile("^\\s*```\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*docs-check\\s+(.*?)\\s*-->\\s*$");

    private MarkdownBlocks() {
    }

    /** One fenced block: where it is, its language (empty when none), its text and its marker. */
    public static final class Block {
        private final Path file;
        private final int line;
        private final String language;
        private final String text;
        private final Optional<String> marker;

        Block(Path file, int line, String language, String text, Optional<String> marker) {
            this.file = file;
            this.line = line;
            this.language = language;
            this.text = text;
            this.marker = marker;
        }

        public Path file() {
            return file;
        }

        /** 1-based line of the opening fence. */
        public int line() {
            return line;
        }

        public String language() {
            return language;
        }

        /** The lines between the fences, each ending in {@code \n}. */
        public String text() {
            return text;
        }

        /** The text of a {@code <!-- docs-check TEXT -->} comment right before the fence. */
        public Optional<String> marker() {
            return marker;
        }

        /** {@code file:line}, for assertion messages. */
        @Override
        public String toString() {
            return file.getFileName() + ":" + line;
        }
    }

    /** The blocks of every {@code *.md} file directly in {@code directory}, by file name then position. */
    public static List<Block> inDirectory(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> markdown = files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted()
                    .collect(Collectors.toList());
            List<Block> blocks = new ArrayList<>();
            markdown.forEach(f -> blocks.addAll(inFile(f)));
            return blocks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blocks of one file, in order. An unclosed block is an error: the page would render wrongly. */
    public static List<Block> inFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = OPEN.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            Optional<String> marker = Optional.empty();
            if (i > 0) {
                Matcher m = MARKER.matcher(lines.get(i - 1));
                marker = m.matches() ? Optional.of(m.group(1)) : Optional.empty();
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !CLOSE.matcher(lines.get(j)).matches()) {
                String line = lines.get(j);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
                j++;
            }
            if (j == lines.size()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": the code block is never closed");
            }
            blocks.add(new Block(file, i + 1, open.group(2), text.toString(), marker));
            i = j;
        }
        return blocks;
    }
}
