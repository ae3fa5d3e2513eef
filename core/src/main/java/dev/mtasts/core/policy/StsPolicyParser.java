// PLACEHOLDER: replaced by the parsers branch
package dev.mtasts.core.policy;

import java.util.ArrayList;
import java.util.List;

import dev.mtasts.core.Parsed;

/** PLACEHOLDER so the fetch branch compiles; the parsers branch holds the real RFC 8461 §3.2 parser. */
public final class StsPolicyParser {
    private StsPolicyParser() {
    }

    /** Minimal: version, mode, max_age, mx; anything else ignored. Never throws. */
    public static Parsed<StsPolicy> parse(String body) {
        if (body == null || body.isEmpty()) {
            return Parsed.invalid(1, "the policy is empty");
        }
        List<String> lines = List.of(body.split("\r?\n", -1));
        String version = null;
        PolicyMode mode = null;
        long maxAge = -1;
        List<MxPattern> mx = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (key.equals("version") && version == null) {
                version = value;
            } else if (key.equals("mode") && mode == null) {
                mode = PolicyMode.fromText(value).orElse(null);
            } else if (key.equals("max_age") && maxAge < 0 && value.matches("[0-9]{1,10}")) {
                maxAge = Long.parseLong(value);
            } else if (key.equals("mx") && MxPattern.parse(value).isValid()) {
                mx.add(MxPattern.parse(value).value());
            }
        }
        if (!"STSv1".equals(version)) {
            return Parsed.invalid(1, "the policy has no 'version: STSv1' line");
        }
        if (mode == null || maxAge < 0 || maxAge > 31_557_600L || (mx.isEmpty() && mode != PolicyMode.NONE)) {
            return Parsed.invalid(1, "the policy lacks a valid mode, max_age or mx");
        }
        List<String> kept = body.endsWith("\n") ? lines.subList(0, lines.size() - 1) : lines;
        return Parsed.valid(new StsPolicy(mode, mx, maxAge, kept));
    }
}
