package dev.mtasts.james.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where the plugin keeps its policy cache and TLS-RPT counts ({@code store} in {@code mta-sts.properties}):
 * {@code file} (default) under {@code data.dir} on this node, or {@code cassandra}, shared by every node of a
 * James cluster, which needs the Cassandra store module in {@code extensions.properties}. The
 * {@code cassandra.*} keys are passed on to that module, which validates them; they are refused with
 * {@code store=file}. Immutable.
 */
public final class StoreSettings {
    public static final String STORE = "store";
    public static final String CASSANDRA_PREFIX = "cassandra.";

    /** The two stores. */
    public enum Kind {
        FILE, CASSANDRA
    }

    private final Kind kind;
    private final Map<String, String> cassandra;

    private StoreSettings(Kind kind, Map<String, String> cassandra) {
        this.kind = kind;
        this.cassandra = Map.copyOf(cassandra);
    }

    /** The file store, with no {@code cassandra.*} keys. */
    public static StoreSettings file() {
        return new StoreSettings(Kind.FILE, Map.of());
    }

    static boolean isStoreKey(String key) {
        return STORE.equals(key) || key.startsWith(CASSANDRA_PREFIX);
    }

    /** Reads {@code store} and the {@code cassandra.*} keys of {@code properties}. */
    static StoreSettings parse(Map<String, String> properties) {
        String value = properties.getOrDefault(STORE, "file").trim().toLowerCase(Locale.ROOT);
        Kind kind;
        if ("file".equals(value)) {
            kind = Kind.FILE;
        } else if ("cassandra".equals(value)) {
            kind = Kind.CASSANDRA;
        } else {
            throw new MtaStsConfigurationException(MtaStsProperties.FILE_NAME + ": " + STORE + "='"
                    + properties.get(STORE) + "' is not a store; use file (default: files under data.dir) or"
                    + " cassandra (shared by the nodes of a cluster; see docs/distributed.md)");
        }
        Map<String, String> cassandra = new TreeMap<>();
        properties.forEach((key, v) -> {
            if (key.startsWith(CASSANDRA_PREFIX)) {
                cassandra.put(key, v);
            }
        });
        if (kind == Kind.FILE && !cassandra.isEmpty()) {
            Set<String> keys = new TreeSet<>(cassandra.keySet());
            throw new MtaStsConfigurationException(MtaStsProperties.FILE_NAME + ": " + String.join(", ", keys)
                    + " set but " + STORE + " is file; set " + STORE + "=cassandra or remove them");
        }
        return new StoreSettings(kind, cassandra);
    }

    public Kind kind() {
        return kind;
    }

    /** The {@code cassandra.*} keys and values as written (validated by the Cassandra store module). */
    public Map<String, String> cassandraProperties() {
        return cassandra;
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? "file" : "cassandra " + cassandra.keySet();
    }
}
