package dev.mtasts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ParseError;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.policy.StsPolicyParser;

/**
 * {@code policy lint FILE|- [--mx HOST...] [--json]}: parses an MTA-STS policy file (RFC 8461 §3.2) as a
 * sender would, prints its fields, every error as {@code line N: reason} and every warning, and with
 * {@code --mx} whether the policy allows each host (§4.1). {@code --json} prints one JSON document instead:
 * {@code valid}, {@code version}, {@code mode}, {@code max_age}, {@code mx} (the fields only when valid),
 * {@code errors} and {@code warnings} ({@code [{line, reason}]}), and {@code mx_allowed} (host to boolean,
 * only with {@code --mx} and a valid policy). Exit code 0 valid, 1 invalid, 2 usage or unreadable file.
 * Stdin is injected; stateless otherwise, so thread-safe.
 */
public final class PolicyLintCommand implements Command {
    private static final String JSON = "--json";
    private static final String HELP = "--help";
    private static final String MX = "--mx";

    private final InputStream stdin;
    private final ObjectMapper mapper = new ObjectMapper();

    public PolicyLintCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public String synopsis() {
        return "FILE|- [--mx HOST...] [--json]";
    }

    @Override
    public String description() {
        return "check an MTA-STS policy file (- reads stdin); --mx: say whether the policy allows each host";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArguments arguments;
        List<DomainName> hosts;
        byte[] bytes;
        try {
            arguments = CommandArguments.parse(args, Set.of(JSON, HELP), Set.of(MX));
            if (arguments.has(HELP)) {
                out.println("usage: policy lint " + synopsis());
                out.println(description());
                return OK;
            }
            if (arguments.positional().size() != 1) {
                throw new UsageException("give exactly one policy file, or - for stdin");
            }
            hosts = hosts(arguments.list(MX));
            bytes = read(arguments.positional().get(0));
        } catch (UsageException e) {
            err.println("policy lint: " + e.getMessage());
            err.println("usage: policy lint " + synopsis());
            return USAGE;
        }
        PolicyFileText text = PolicyFileText.decode(bytes);
        Parsed<StsPolicy> parsed = StsPolicyParser.parse(text.text());
        List<ParseError> warnings = new ArrayList<>(parsed.warnings());
        if (text.firstMalformedLine() > 0) {
            warnings.add(0, new ParseError(text.firstMalformedLine(), "the file is not valid UTF-8; senders"
                    + " decode the policy as UTF-8 (RFC 8461 §3.2), so save it as UTF-8"));
        }
        List<String> given = arguments.list(MX);
        if (arguments.has(JSON)) {
            out.println(toJson(parsed, warnings, given, hosts));
        } else {
            printHuman(parsed, warnings, given, hosts, out);
        }
        return !parsed.isValid() ? PROBLEMS : warnings.isEmpty() ? OK : WARNINGS;
    }

    private static List<DomainName> hosts(List<String> given) throws UsageException {
        List<DomainName> hosts = new ArrayList<>();
        for (String host : given) {
            Parsed<DomainName> name = DomainName.parse(host);
            if (!name.isValid()) {
                throw new UsageException("--mx " + host + ": " + name.errors().get(0).reason());
            }
            hosts.add(name.value());
        }
        return hosts;
    }

    private byte[] read(String source) throws UsageException {
        try {
            if (source.equals("-")) {
                return stdin.readAllBytes();
            }
            Path path = Paths.get(source);
            if (Files.isDirectory(path)) {
                throw new UsageException("cannot read '" + source + "': it is a directory");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read '" + source + "': no such file");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read '" + source + "': permission denied");
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot read '" + source + "': " + e.getMessage());
        }
    }

    private static void printHuman(Parsed<StsPolicy> parsed, List<ParseError> warnings, List<String> given,
            List<DomainName> hosts, PrintStream out) {
        if (parsed.isValid()) {
            StsPolicy policy = parsed.value();
            out.println("policy: valid");
            out.println("  version: STSv1");
            out.println("  mode: " + policy.mode());
            out.println("  max_age: " + policy.maxAgeSeconds() + " (" + duration(policy.maxAgeSeconds()) + ")");
            for (MxPattern pattern : policy.mxPatterns()) {
                out.println("  mx: " + pattern.text());
            }
        } else {
            out.println("policy: INVALID (senders treat the domain as having no MTA-STS policy)");
        }
        Findings.print("errors", parsed.errors(), out);
        Findings.print("warnings", warnings, out);
        if (hosts.isEmpty()) {
            return;
        }
        if (!parsed.isValid()) {
            out.println("mx check: skipped, the policy is invalid");
            return;
        }
        out.println(parsed.value().mode() == PolicyMode.NONE
                ? "mx check (mode none: senders apply no policy, so these matches have no effect):"
                : "mx check:");
        for (int i = 0; i < hosts.size(); i++) {
            MxPattern match = firstMatch(parsed.value(), hosts.get(i));
            out.println("  " + given.get(i) + ": " + (match == null ? "NOT allowed (matches no mx pattern)"
                    : "allowed (matches " + match.text() + ")"));
        }
    }

    private static MxPattern firstMatch(StsPolicy policy, DomainName host) {
        for (MxPattern pattern : policy.mxPatterns()) {
            if (pattern.matches(host)) {
                return pattern;
            }
        }
        return null;
    }

    private String toJson(Parsed<StsPolicy> parsed, List<ParseError> warnings, List<String> given,
            List<DomainName> hosts) {
        ObjectNode root = mapper.createObjectNode();
        root.put("valid", parsed.isValid());
        if (parsed.isValid()) {
            StsPolicy policy = parsed.value();
            root.put("version", "STSv1");
            root.put("mode", policy.mode().text());
            root.put("max_age", policy.maxAgeSeconds());
            ArrayNode mx = root.putArray("mx");
            policy.mxPatterns().forEach(p -> mx.add(p.text()));
        }
        root.set("errors", Findings.toJson(parsed.errors()));
        root.set("warnings", Findings.toJson(warnings));
        if (parsed.isValid() && !hosts.isEmpty()) {
            Map<String, Boolean> allowed = new LinkedHashMap<>();
            for (int i = 0; i < hosts.size(); i++) {
                allowed.put(given.get(i), parsed.value().allowsMx(hosts.get(i)));
            }
            ObjectNode map = root.putObject("mx_allowed");
            allowed.forEach(map::put);
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static String duration(long seconds) {
        if (seconds >= 86_400 && seconds % 86_400 == 0) {
            long days = seconds / 86_400;
            return days == 1 ? "1 day" : days + " days";
        }
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%.1f hours", seconds / 3600.0);
        }
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }
}
