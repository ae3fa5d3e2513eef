package dev.mtasts.testkit.https;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request {@link TestHttpsServer} received: method, path (with query), the Host header, the TLS SNI
 * host name the client sent (empty when it sent none) and all headers (names lower-case). Immutable.
 */
public final class RecordedRequest {
    private final String method;
    private final String path;
    private final String host;
    private final String sniHostName;
    private final Map<String, List<String>> headers;

    RecordedRequest(String method, String path, String host, String sniHostName, Map<String, List<String>> headers) {
        this.method = method;
        this.path = path;
        this.host = host;
        this.sniHostName = sniHostName;
        this.headers = Map.copyOf(headers);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The Host header, or null when absent. */
    public String host() {
        return host;
    }

    /** The SNI host name of the TLS connection the request came on. */
    public Optional<String> sniHostName() {
        return Optional.ofNullable(sniHostName);
    }

    /** First value of a header (name case-insensitive), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public String toString() {
        return method + " " + path + " Host=" + host + " SNI=" + sniHostName;
    }
}
