package dev.mtasts.core.received;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.mtasts.core.RemoteText;

/**
 * A streaming pass over remote JSON before any tree is built: nesting depth, items per array and number
 * lengths are checked token by token, so deep or huge input is refused in bounded memory and time.
 * Stateless and thread-safe.
 */
final class JsonShape {
    /** A 64-bit count has at most 20 digits; anything much longer is an attack on the number parser. */
    private static final int MAX_NUMBER_CHARS = 40;
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonShape() {
    }

    /** Empty when the JSON is well-formed and within the limits, else the reason. */
    static String problem(byte[] json, ReceivedLimits limits) {
        Deque<int[]> arrays = new ArrayDeque<>();
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken token;
            int depth = 0;
            int values = 0;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    arrays.pop();
                    continue;
                }
                if (depth == 0 && ++values > 1) {
                    return "the report has content after its JSON object";
                }
                if (!arrays.isEmpty() && arrays.peek()[0] >= 0 && ++arrays.peek()[0] > limits.maxArrayItems()) {
                    return "an array has more than " + limits.maxArrayItems() + " items";
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    if (++depth > limits.maxDepth()) {
                        return "the JSON is nested deeper than " + limits.maxDepth() + " levels";
                    }
                    arrays.push(new int[] {token == JsonToken.START_ARRAY ? 0 : -1});
                } else if ((token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)
                        && parser.getTextLength() > MAX_NUMBER_CHARS) {
                    return "a number has more than " + MAX_NUMBER_CHARS + " characters";
                }
            }
            return values == 0 ? "the report is empty" : "";
        } catch (IOException | RuntimeException e) {
            return "the report is not valid JSON: " + RemoteText.clean(e.getMessage(), 200);
        }
    }
}
