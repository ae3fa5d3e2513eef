package dev.mtasts.james.cassandra;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.mtasts.core.DurationText;
import dev.mtasts.james.config.MtaStsConfigurationException;

/**
 * The {@code cassandra.*} keys of {@code mta-sts.properties} (with {@code store=cassandra}):
 * <pre>
 * cassandra.node             this node's name in the shared tables, 1 to 64 of [A-Za-z0-9._-]; default the host name
 * cassandra.contact.points   host:port list; empty (default): James's own Cassandra session and keyspace
 * cassandra.keyspace         the keyspace of an own session (only with contact points), default mta_sts
 * cassandra.datacenter       the local data center of an own session, default datacenter1
 * cassandra.create.keyspace  true: create the keyspace (SimpleStrategy, 1 replica) if missing; default false
 * cassandra.timeout          one request, 100ms to 1m, default 2s
 * cassandra.push.interval    how often this node writes its TLS-RPT totals, 1s to 1h, default 1m
 * cassandra.lease            how long a report lease lasts unless confirmed, 1m to 1d, default 30m
 * </pre>
 * An unknown key or an invalid value throws {@link MtaStsConfigurationException} naming it. Immutable.
 */
public final class CassandraStoreSettings {
    static final String NODE = "cassandra.node";
    static final String CONTACT_POINTS = "cassandra.contact.points";
    static final String KEYSPACE = "cassandra.keyspace";
    static final String DATACENTER = "cassandra.datacenter";
    static final String CREATE_KEYSPACE = "cassandra.create.keyspace";
    static final String TIMEOUT = "cassandra.timeout";
    static final String PUSH_INTERVAL = "cassandra.push.interval";
    static final String LEASE = "cassandra.lease";
    static final Set<String> KEYS = Set.of(NODE, CONTACT_POINTS, KEYSPACE, DATACENTER, CREATE_KEYSPACE, TIMEOUT,
            PUSH_INTERVAL, LEASE);

    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern KEYSPACE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

    private final String node;
    private final List<InetSocketAddress> contactPoints;
    private final String keyspace;
    private final String datacenter;
    private final boolean createKeyspace;
    private final Duration timeout;
    private final Duration pushInterval;
    private final Duration lease;

    private CassandraStoreSettings(String node, List<InetSocketAddress> contactPoints, String keyspace,
            String datacenter, boolean createKeyspace, Duration timeout, Duration pushInterval, Duration lease) {
        this.node = node;
        this.contactPoints = List.copyOf(contactPoints);
        this.keyspace = keyspace;
        this.datacenter = datacenter;
        this.createKeyspace = createKeyspace;
        this.timeout = timeout;
        this.pushInterval = pushInterval;
        this.lease = lease;
    }

    /** Reads the {@code cassandra.*} keys (other keys are not looked at). */
    public static CassandraStoreSettings parse(Map<String, String> properties) {
        Set<String> unknown = new TreeSet<>();
        properties.keySet().stream().filter(k -> k.startsWith("cassandra.") && !KEYS.contains(k)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw invalid("unknown key(s) " + String.join(", ", unknown) + "; the keys are "
                    + String.join(", ", new TreeSet<>(KEYS)));
        }
        String node = properties.getOrDefault(NODE, "").trim();
        if (node.isEmpty()) {
            node = hostName();
        }
        if (!NODE_NAME.matcher(node).matches()) {
            throw invalid(NODE + "='" + node + "' is not a node name; use 1 to 64 letters, digits, '.', '_' or '-',"
                    + " different on every node");
        }
        List<InetSocketAddress> points = contactPoints(properties.getOrDefault(CONTACT_POINTS, ""));
        String keyspace = properties.getOrDefault(KEYSPACE, "mta_sts").trim();
        if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
            throw invalid(KEYSPACE + "='" + keyspace + "' is not a keyspace name; use a letter then up to 47"
                    + " letters, digits or '_'");
        }
        if (points.isEmpty() && (properties.containsKey(KEYSPACE) || properties.containsKey(DATACENTER)
                || properties.containsKey(CREATE_KEYSPACE))) {
            throw invalid(KEYSPACE + ", " + DATACENTER + " and " + CREATE_KEYSPACE + " apply to a session of the"
                    + " plugin's own; set " + CONTACT_POINTS + " too, or remove them to use James's session");
        }
        String datacenter = properties.getOrDefault(DATACENTER, "datacenter1").trim();
        if (datacenter.isEmpty()) {
            throw invalid(DATACENTER + "='' is empty; name the local data center (e.g. datacenter1)");
        }
        String create = properties.getOrDefault(CREATE_KEYSPACE, "false").trim();
        if (!"true".equals(create) && !"false".equals(create)) {
            throw invalid(CREATE_KEYSPACE + "='" + create + "' is not true or false");
        }
        return new CassandraStoreSettings(node, points, keyspace, datacenter, Boolean.parseBoolean(create),
                duration(properties, TIMEOUT, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(1)),
                duration(properties, PUSH_INTERVAL, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1)),
                duration(properties, LEASE, Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofDays(1)));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw invalid(NODE + " is not set and this host's name is unknown (" + e.getMessage() + "); set it");
        }
    }

    private static List<InetSocketAddress> contactPoints(String value) {
        List<InetSocketAddress> points = new ArrayList<>();
        if (value.isBlank()) {
            return points;
        }
        for (String entry : value.split(",", -1)) {
            String text = entry.trim();
            int colon = text.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(text.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            String host = colon > 0 ? text.substring(0, colon).replace("[", "").replace("]", "") : "";
            if (port < 1 || port > 65535 || host.isEmpty()) {
                throw invalid(CONTACT_POINTS + "='" + value + "': '" + text + "' is not host:port; use e.g."
                        + " 10.0.0.5:9042,cassandra2:9042, or leave it empty to use James's Cassandra session");
            }
            points.add(InetSocketAddress.createUnresolved(host, port));
        }
        return points;
    }

    private static Duration duration(Map<String, String> properties, String key, Duration defaultValue, Duration min,
            Duration max) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        Optional<Duration> parsed = DurationText.parse(value.trim());
        if (parsed.isEmpty() || parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
            throw invalid(key + "='" + value + "' is not a duration from " + DurationText.format(min) + " to "
                    + DurationText.format(max) + " (units ms, s, m, h, d)");
        }
        return parsed.get();
    }

    private static MtaStsConfigurationException invalid(String problem) {
        return new MtaStsConfigurationException("mta-sts.properties: " + problem);
    }

    public String node() {
        return node;
    }

    /** Empty: use James's session. */
    public List<InetSocketAddress> contactPoints() {
        return contactPoints;
    }

    public String keyspace() {
        return keyspace;
    }

    public String datacenter() {
        return datacenter;
    }

    public boolean createKeyspace() {
        return createKeyspace;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration pushInterval() {
        return pushInterval;
    }

    public Duration lease() {
        return lease;
    }
}
