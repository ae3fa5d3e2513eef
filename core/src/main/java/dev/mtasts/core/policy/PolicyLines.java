package dev.mtasts.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy body cut into lines (RFC 8461 §3.2: {@code sts-policy-term = LF / CRLF}), without terminators.
 * A final terminator does not start another line. Records where a bare CR ended a line, which the ABNF does
 * not allow. Immutable once built; not shared.
 */
final class PolicyLines {
    private final List<String> lines;
    private final int firstBareCrLine;

    private PolicyLines(List<String> lines, int firstBareCrLine) {
        this.lines = lines;
        this.firstBareCrLine = firstBareCrLine;
    }

    static PolicyLines split(String body) {
        List<String> lines = new ArrayList<>(8);
        int firstBareCr = 0;
        int start = 0;
        int n = body.length();
        for (int i = 0; i < n; i++) {
            char c = body.charAt(i);
            if (c == '\n') {
                lines.add(body.substring(start, i));
                start = i + 1;
            } else if (c == '\r') {
                lines.add(body.substring(start, i));
                if (i + 1 < n && body.charAt(i + 1) == '\n') {
                    i++;
                } else if (firstBareCr == 0) {
                    firstBareCr = lines.size();
                }
                start = i + 1;
            }
        }
        if (start < n) {
            lines.add(body.substring(start));
        }
        return new PolicyLines(lines, firstBareCr);
    }

    List<String> lines() {
        return lines;
    }

    /** The 1-based number of the first line ended by a bare CR, or 0 when there is none. */
    int firstBareCrLine() {
        return firstBareCrLine;
    }
}
