package dev.mtasts.testkit.https;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link TestHttpsServer} answers on one path: status, headers, body, and how the body is sent.
 * Immutable; build with the static factories and {@link #withHeader(String, String)}.
 */
public final class TestResponse {
    /** How the response goes on the wire. */
    public enum Delivery {
        /** Headers with Content-Length, then the whole body. */
        FIXED_LENGTH,
        /** Headers without Content-Length (chunked), then the body in 4 KiB chunks. */
        CHUNKED,
        /** Headers (chunked), the first {@code body} bytes, then nothing until the server closes. */
        STALL_AFTER_HEADERS,
        /** Reads the request and never answers until the server closes. */
        STALL_BEFORE_HEADERS,
        /** Headers (chunked), then the body one byte at a time with a pause between bytes (never idle long). */
        TRICKLE
    }

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Delivery delivery;
    private final Duration pause;

    private TestResponse(int status, Map<String, String> headers, byte[] body, Delivery delivery, Duration pause) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body.clone();
        this.delivery = delivery;
        this.pause = pause;
    }

    private TestResponse(int status, Map<String, String> headers, byte[] body, Delivery delivery) {
        this(status, headers, body, delivery, Duration.ZERO);
    }

    /** Any status, no headers, empty body, fixed length. */
    public static TestResponse status(int status) {
        return new TestResponse(status, Map.of(), new byte[0], Delivery.FIXED_LENGTH);
    }

    /** 200 with the given Content-Type and body, fixed length. */
    public static TestResponse ok(String contentType, byte[] body) {
        return new TestResponse(200, Map.of("Content-Type", contentType), body, Delivery.FIXED_LENGTH);
    }

    /** 200 {@code text/plain} with the policy text (UTF-8), as a correct policy host serves it. */
    public static TestResponse policy(String text) {
        return ok("text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A redirect ({@code 301}, {@code 302}, ...) to {@code location}. */
    public static TestResponse redirect(int status, String location) {
        return status(status).withHeader("Location", location);
    }

    /** 200 {@code text/plain} with {@code size} bytes of {@code 'x'} lines, announced by Content-Length. */
    public static TestResponse largeBody(int size) {
        return ok("text/plain", filler(size));
    }

    /** The same as {@link #largeBody(int)} but streamed chunked, without Content-Length. */
    public static TestResponse largeBodyChunked(int size) {
        return largeBody(size).sentAs(Delivery.CHUNKED);
    }

    /** 200 {@code text/plain} headers and {@code firstBytes}, then silence until the server closes. */
    public static TestResponse stallAfterHeaders(String firstBytes) {
        return ok("text/plain", firstBytes.getBytes(StandardCharsets.UTF_8)).sentAs(Delivery.STALL_AFTER_HEADERS);
    }

    /** Accepts the connection and the request, then never answers until the server closes. */
    public static TestResponse stallBeforeHeaders() {
        return status(200).sentAs(Delivery.STALL_BEFORE_HEADERS);
    }

    /**
     * 200 {@code text/plain} sending {@code body} one byte per {@code pause}: each read sees data soon, so only
     * a limit on the total time stops a client. Ends early when the server closes.
     */
    public static TestResponse trickle(String body, Duration pause) {
        return new TestResponse(200, Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8),
                Delivery.TRICKLE, pause);
    }

    /** A copy with one more header (replacing one of the same name). */
    public TestResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new TestResponse(status, copy, body, delivery, pause);
    }

    /** A copy sent the given way. */
    public TestResponse sentAs(Delivery how) {
        return new TestResponse(status, headers, body, how, pause);
    }

    /** The pause between bytes of a {@link Delivery#TRICKLE} response. */
    public Duration pause() {
        return pause;
    }

    public int statusCode() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    public Delivery delivery() {
        return delivery;
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        for (int i = 79; i < size; i += 80) {
            bytes[i] = '\n';
        }
        return bytes;
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + body.length + " bytes " + delivery;
    }
}
