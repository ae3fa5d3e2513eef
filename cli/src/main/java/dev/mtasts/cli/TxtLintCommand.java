package dev.mtasts.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.policy.StsTxtParser;
import dev.mtasts.core.policy.StsTxtRecord;

/**
 * {@code txt lint RECORD... [--json]}: parses an {@code _mta-sts} TXT record (RFC 8461 §3.1). Given several
 * records (all the TXT records at the name), it first selects the one STSv1 record as a sender does.
 * Prints the fields, every error and warning; {@code --json} prints one JSON document instead:
 * {@code valid}, {@code version}, {@code id}, {@code extensions} and {@code record} (only when valid),
 * {@code errors} and {@code warnings} ({@code [{line, reason}]}, line 0: the record as a whole). Exit code
 * 0 valid, 1 invalid, 2 usage. Stateless, thread-safe.
 */
public final class TxtLintCommand implements Command {
    private static final String JSON = "--json";
    private static final String HELP = "--help";

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public String synopsis() {
        return "'v=STSv1; id=...' [MORE TXT RECORDS...] [--json]";
    }

    @Override
    public String description() {
        return "check an _mta-sts TXT record; with several records, select the STSv1 one as a sender does";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArguments arguments;
        try {
            arguments = CommandArguments.parse(args, Set.of(JSON, HELP), Set.of());
            if (arguments.has(HELP)) {
                out.println("usage: txt lint " + synopsis());
                out.println(description());
                return OK;
            }
            if (arguments.positional().isEmpty()) {
                throw new UsageException("give at least one TXT record, e.g. 'v=STSv1; id=20160831085700Z;'");
            }
        } catch (UsageException e) {
            err.println("txt lint: " + e.getMessage());
            err.println("usage: txt lint " + synopsis());
            return USAGE;
        }
        List<String> records = arguments.positional();
        Parsed<StsTxtRecord> parsed = records.size() == 1
                ? StsTxtParser.parse(records.get(0))
                : StsTxtParser.select(records);
        if (arguments.has(JSON)) {
            out.println(toJson(parsed));
        } else {
            printHuman(parsed, records.size(), out);
        }
        return !parsed.isValid() ? PROBLEMS : parsed.warnings().isEmpty() ? OK : WARNINGS;
    }

    private static void printHuman(Parsed<StsTxtRecord> parsed, int records, PrintStream out) {
        if (parsed.isValid()) {
            StsTxtRecord record = parsed.value();
            out.println("txt record: valid");
            if (records > 1) {
                out.println("  selected: " + record.text());
            }
            out.println("  v: STSv1");
            out.println("  id: " + record.id());
            for (Map.Entry<String, String> extension : record.extensions().entrySet()) {
                out.println("  extension: " + extension.getKey() + "=" + extension.getValue());
            }
        } else {
            out.println("txt record: INVALID (senders find no MTA-STS policy for the domain)");
        }
        Findings.print("errors", parsed.errors(), out);
        Findings.print("warnings", parsed.warnings(), out);
    }

    private String toJson(Parsed<StsTxtRecord> parsed) {
        ObjectNode root = mapper.createObjectNode();
        root.put("valid", parsed.isValid());
        if (parsed.isValid()) {
            StsTxtRecord record = parsed.value();
            root.put("version", "STSv1");
            root.put("id", record.id());
            ObjectNode extensions = root.putObject("extensions");
            record.extensions().forEach(extensions::put);
            root.put("record", record.text());
        }
        root.set("errors", Findings.toJson(parsed.errors()));
        root.set("warnings", Findings.toJson(parsed.warnings()));
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
