package dev.mtasts.cli;

import java.io.PrintStream;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.ParseError;

/** Prints a parser's errors or warnings, for people ({@code line N: reason}) or as JSON. Stateless. */
final class Findings {
    private Findings() {
    }

    /** A heading and one indented line per finding; nothing when there are none. */
    static void print(String heading, List<ParseError> findings, PrintStream out) {
        if (findings.isEmpty()) {
            return;
        }
        out.println(heading + ":");
        for (ParseError finding : findings) {
            out.println("  " + finding);
        }
    }

    /** {@code [{"line": N, "reason": "..."}]}; line 0 means the input as a whole (a TXT record). */
    static ArrayNode toJson(List<ParseError> findings) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (ParseError finding : findings) {
            ObjectNode node = array.addObject();
            node.put("line", finding.line());
            node.put("reason", finding.reason());
        }
        return array;
    }
}
