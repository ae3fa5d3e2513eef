package dev.mtasts.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A policy file's bytes decoded as UTF-8, the way a sender decodes a fetched policy (RFC 8461 §3.2 allows
 * UTF-8 in extension values). Malformed bytes become U+FFFD; the line of the first one is kept so that the
 * lint can warn about it. Immutable.
 */
final class PolicyFileText {
    private final String text;
    private final int firstMalformedLine;

    private PolicyFileText(String text, int firstMalformedLine) {
        this.text = text;
        this.firstMalformedLine = firstMalformedLine;
    }

    static PolicyFileText decode(byte[] bytes) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = strict.decode(in, out, true);
        if (!result.isError()) {
            strict.flush(out);
            out.flip();
            return new PolicyFileText(out.toString(), 0);
        }
        int line = 1;
        for (int i = 0; i < in.position(); i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return new PolicyFileText(new String(bytes, StandardCharsets.UTF_8), line);
    }

    String text() {
        return text;
    }

    /** The 1-based line holding the first byte that is not UTF-8, or 0 when the file is valid UTF-8. */
    int firstMalformedLine() {
        return firstMalformedLine;
    }
}
