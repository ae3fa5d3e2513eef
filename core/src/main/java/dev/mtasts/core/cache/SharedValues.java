package dev.mtasts.core.cache;

import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.policy.MxPattern;

/**
 * Shares equal values between policies decoded from one file (and asks for lazily decoded policies), so that a million cached policies do not hold a
 * million copies of {@code "version: STSv1"}, of a common {@code max_age} line, of one id, or of a provider's mx
 * pattern ({@code *.mail.protection.outlook.com}) parsed a million times. Bounded: it remembers the first
 * {@value #LIMIT} distinct strings and patterns (common values appear early in any large set) and only looks the
 * rest up. One instance per decoding thread: not thread-safe.
 */
final class SharedValues {
    private static final int LIMIT = 4096;

    private final Map<String, String> strings;
    private final Map<String, MxPattern> patterns;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private final boolean lazy;

    private SharedValues(boolean sharing) {
        this.strings = sharing ? new HashMap<>() : null;
        this.patterns = sharing ? new HashMap<>() : null;
        this.lazy = sharing;
    }

    /**
     * Shares values between the policies it decodes, and has their mx patterns and lines checked now but decoded
     * when first used (see {@link CachedPolicy}).
     */
    static SharedValues forOneLoad() {
        return new SharedValues(true);
    }

    /** False for records whose container already verified a checksum over them (snapshot, journal). */
    boolean checksRecords() {
        return !lazy;
    }

    boolean decodesLazily() {
        return lazy;
    }

    /** Shares nothing: for decoding one policy file. */
    static SharedValues none() {
        return new SharedValues(false);
    }

    /** A strict UTF-8 decoder (malformed input is an error, not a replacement character). */
    CharsetDecoder utf8() {
        return utf8;
    }

    String string(String value) {
        if (strings == null) {
            return value;
        }
        String known = strings.get(value);
        if (known != null) {
            return known;
        }
        if (strings.size() < LIMIT) {
            strings.put(value, value);
        }
        return value;
    }

    /** The parsed pattern, shared when seen before; empty when {@code text} is not a valid pattern. */
    Optional<MxPattern> mxPattern(String text) {
        MxPattern known = patterns == null ? null : patterns.get(text);
        if (known != null) {
            return Optional.of(known);
        }
        Parsed<MxPattern> parsed = MxPattern.parse(text);
        if (!parsed.isValid()) {
            return Optional.empty();
        }
        if (patterns != null && patterns.size() < LIMIT) {
            patterns.put(text, parsed.value());
        }
        return Optional.of(parsed.value());
    }
}
