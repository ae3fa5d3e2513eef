package dev.mtasts.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mtasts.core.Parsed;

// PLACEHOLDER: replaced by the parsers branch
/**
 * Placeholder for the RFC 8461 §3.1 TXT parser written on the parsers branch: only enough to let the cache
 * work (keep records starting {@code v=STSv1;}, exactly one must remain, take its {@code id=}).
 */
public final class StsTxtParser {
    private StsTxtParser() {
    }

    /** RFC 8461 §3.1: discard records not beginning {@code v=STSv1;}; exactly one must remain. Never throws. */
    public static Parsed<StsTxtRecord> select(List<String> txtRecords) {
        List<String> sts = new ArrayList<>();
        for (String record : txtRecords) {
            if (record != null && record.startsWith("v=STSv1;")) {
                sts.add(record);
            }
        }
        if (sts.size() != 1) {
            return Parsed.invalid(0, sts.size() + " TXT records begin with \"v=STSv1;\", exactly one must");
        }
        String record = sts.get(0);
        for (String field : record.split(";")) {
            String trimmed = field.trim();
            if (trimmed.startsWith("id=")) {
                String id = trimmed.substring(3);
                if (id.matches("[A-Za-z0-9]{1,32}")) {
                    return Parsed.valid(new StsTxtRecord(id, Map.of(), record));
                }
                return Parsed.invalid(0, "the id '" + id + "' is not 1 to 32 letters and digits");
            }
        }
        return Parsed.invalid(0, "the record has no id field");
    }
}
