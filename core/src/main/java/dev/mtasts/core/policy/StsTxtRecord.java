package dev.mtasts.core.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A valid {@code _mta-sts} TXT record (RFC 8461 §3.1): its policy {@code id} and any extension fields, in
 * the order they appeared. Immutable.
 */
public final class StsTxtRecord {
    private final String id;
    private final Map<String, String> extensions;
    private final String text;

    public StsTxtRecord(String id, Map<String, String> extensions, String text) {
        this.id = Objects.requireNonNull(id);
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        this.text = Objects.requireNonNull(text);
    }

    /** The policy id, 1 to 32 letters and digits. */
    public String id() {
        return id;
    }

    /** Extension fields (name to value) in record order; unknown to this sender, so ignored (§3.1). */
    public Map<String, String> extensions() {
        return extensions;
    }

    /** The record as published (strings already concatenated). */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StsTxtRecord && ((StsTxtRecord) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
