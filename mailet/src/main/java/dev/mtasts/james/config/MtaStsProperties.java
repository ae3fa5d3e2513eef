package dev.mtasts.james.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.mtasts.core.DurationText;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.tls.TrustStoreException;
import dev.mtasts.james.delivery.LocalPolicy;

/**
 * Reads {@code conf/mta-sts.properties} into an {@link MtaStsConfiguration}. The keys:
 * <pre>
 * dns.servers            comma list of IP[:port] ([IPv6]:port); empty: the system's resolvers
 * dns.timeout            one DNS answer, 100ms to 1m, default 5s
 * fetch.connect.timeout  TCP+TLS connection to one address of the policy host, 100ms to 1m, default 10s
 * fetch.timeout          the whole policy fetch, its host's address lookup and at most 3 addresses
 *                        included, 100ms to 1m (RFC 8461 §3.3), default 30s; a lookup waits at most
 *                        dns.timeout + fetch.timeout for it
 * trust.store.path       key store with the trust anchors for policy hosts and MX hosts (HTTPS report
 *                        endpoints only with tlsrpt.https.trust=trust.store), relative to James's working
 *                        directory or absolute; empty: the JDK's default ones
 * trust.store.password   its password (only with trust.store.path); default empty
 * trust.store.type       its type (only with trust.store.path), default the JDK's default type (PKCS12)
 * data.dir               policy cache and TLS-RPT records; relative to James's working directory,
 *                        default var/mta-sts
 * refresh.period         proactive refresh of cached policies (RFC 8461 §5.1), 5m to 30d, default 1d
 * fetch.port             TCP port of the policy hosts, default 443; other values only for test set-ups
 * check.smtp.port        TCP port of the MX hosts for the WebAdmin check route's STARTTLS probe, default 25;
 *                        other values only for test set-ups
 * tls.required.header    honour | ignore: may a message's "TLS-Required: No" (RFC 8689) waive enforce; default honour
 * discovery.failure      deliver | defer: mail whose _mta-sts TXT cannot be read, nothing cached; default deliver
 * tlsrpt.*               TLS reporting, see {@link TlsRptProperties}
 * store                  file (default) or cassandra, see {@link StoreSettings}
 * cassandra.*            the Cassandra store's settings (only with store=cassandra)
 * </pre>
 * A key missing (or the whole file missing) means its default. An unknown key, an empty value where one is
 * required, or a value out of its limits throws {@link MtaStsConfigurationException} naming the key, the
 * value and what is allowed: a typo must stop James, not silently weaken the policy checks.
 *
 * <p>Stateless and thread-safe. Reads the trust store file (if one is named) to prove that it loads.
 */
public final class MtaStsProperties {
    public static final String FILE_NAME = "mta-sts.properties";
    public static final String DNS_SERVERS = "dns.servers";
    public static final String DNS_TIMEOUT = "dns.timeout";
    public static final String FETCH_CONNECT_TIMEOUT = "fetch.connect.timeout";
    public static final String FETCH_TIMEOUT = "fetch.timeout";
    public static final String TRUST_STORE_PATH = "trust.store.path";
    public static final String TRUST_STORE_PASSWORD = "trust.store.password";
    public static final String TRUST_STORE_TYPE = "trust.store.type";
    public static final String DATA_DIR = "data.dir";
    public static final String REFRESH_PERIOD = "refresh.period";
    public static final String FETCH_PORT = "fetch.port";
    public static final String CHECK_SMTP_PORT = "check.smtp.port";
    public static final String TLS_REQUIRED_HEADER = "tls.required.header";
    public static final String DISCOVERY_FAILURE = "discovery.failure";

    public static final Set<String> KEYS = Set.of(DNS_SERVERS, DNS_TIMEOUT, FETCH_CONNECT_TIMEOUT, FETCH_TIMEOUT,
        TRUST_STORE_PATH, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE, DATA_DIR, REFRESH_PERIOD, FETCH_PORT,
        CHECK_SMTP_PORT, TLS_REQUIRED_HEADER, DISCOVERY_FAILURE);

    static final String DEFAULT_DATA_DIR = "var/mta-sts";
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    private MtaStsProperties() {
    }

    /**
     * The configuration the {@code properties} describe.
     *
     * @param properties       the file's keys and values; an empty map for a missing file
     * @param workingDirectory James's working directory, against which a relative {@code data.dir} resolves
     * @throws MtaStsConfigurationException for an unknown key or an invalid value
     */
    public static MtaStsConfiguration parse(Map<String, String> properties, Path workingDirectory) {
        Set<String> known = new TreeSet<>(KEYS);
        known.addAll(TlsRptProperties.KEYS);
        Set<String> unknown = new TreeSet<>(properties.keySet());
        unknown.removeAll(known);
        unknown.removeIf(StoreSettings::isStoreKey);
        if (!unknown.isEmpty()) {
            throw invalid("unknown key(s) " + String.join(", ", unknown) + "; the keys are " + String.join(", ", known));
        }
        Duration fetchTimeout = timeout(properties, FETCH_TIMEOUT, Duration.ofSeconds(30));
        Duration fetchConnectTimeout = timeout(properties, FETCH_CONNECT_TIMEOUT, Duration.ofSeconds(10));
        if (fetchConnectTimeout.compareTo(fetchTimeout) > 0) {
            throw invalid(FETCH_CONNECT_TIMEOUT + "='" + DurationText.format(fetchConnectTimeout)
                + "' is longer than " + FETCH_TIMEOUT + "='" + DurationText.format(fetchTimeout)
                + "'; the connection is part of the fetch, so make it at most as long");
        }
        return new MtaStsConfiguration(
            dnsServers(properties.getOrDefault(DNS_SERVERS, "")),
            timeout(properties, DNS_TIMEOUT, Duration.ofSeconds(5)),
            fetchConnectTimeout,
            fetchTimeout,
            trustStore(properties, workingDirectory),
            dataDirectory(properties.get(DATA_DIR), workingDirectory),
            duration(properties, REFRESH_PERIOD, Duration.ofDays(1), Duration.ofMinutes(5), Duration.ofDays(30),
                "e.g. 12h or 1d"),
            port(FETCH_PORT, properties.get(FETCH_PORT), 443, "the RFC 8461 §3.3 policy URL"),
            port(CHECK_SMTP_PORT, properties.get(CHECK_SMTP_PORT), 25, "SMTP, RFC 8461 §4"),
            localPolicy(properties),
            TlsRptProperties.parse(properties),
            StoreSettings.parse(properties));
    }

    private static LocalPolicy localPolicy(Map<String, String> properties) {
        return new LocalPolicy(
            choice(properties, TLS_REQUIRED_HEADER, LocalPolicy.TlsRequiredHeader.HONOUR,
                "honour (RFC 8689: the sender may waive an enforce policy) or ignore (enforce stays enforce)"),
            choice(properties, DISCOVERY_FAILURE, LocalPolicy.DiscoveryFailure.DELIVER,
                "deliver (RFC 8461 §3.3: as without a policy) or defer (retry until the TXT record can be read)"));
    }

    private static <E extends Enum<E>> E choice(Map<String, String> properties, String key, E defaultValue,
                                                String allowed) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        for (E option : defaultValue.getDeclaringClass().getEnumConstants()) {
            if (LocalPolicy.text(option).equals(value.trim())) {
                return option;
            }
        }
        throw invalid(key + "='" + value + "' is not allowed; use " + allowed);
    }

    private static List<InetSocketAddress> dnsServers(String value) {
        List<InetSocketAddress> servers = new ArrayList<>();
        if (value.isBlank()) {
            return servers;
        }
        for (String entry : value.split(",", -1)) {
            Parsed<InetSocketAddress> server = ResolverSettings.parseServer(entry.trim());
            if (!server.isValid()) {
                throw invalid(DNS_SERVERS + "='" + value + "': '" + entry.trim() + "' is not an IP address with an "
                    + "optional port; use e.g. 127.0.0.1:53, 192.0.2.1 or [2001:db8::1]:5353 (no host names), "
                    + "comma-separated, or leave it empty for the system's resolvers");
            }
            servers.add(server.value());
        }
        return servers;
    }

    private static int port(String key, String value, int defaultPort, String standard) {
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key + "='" + value + "' is not a TCP port; use " + defaultPort + " (" + standard + ") "
            + "or, for a test set-up only, another port from 1 to 65535");
    }

    private static Duration timeout(Map<String, String> properties, String key, Duration defaultValue) {
        return duration(properties, key, defaultValue, MIN_TIMEOUT, MAX_TIMEOUT, "e.g. 30s or 1m");
    }

    private static Duration duration(Map<String, String> properties, String key, Duration defaultValue,
                                     Duration min, Duration max, String example) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        String allowed = "use " + example + ", at least " + DurationText.format(min) + ", at most "
            + DurationText.format(max) + " (units ms, s, m, h, d)";
        Optional<Duration> parsed = DurationText.parse(value);
        if (parsed.isEmpty()) {
            throw invalid(key + "='" + value + "' is not a duration; " + allowed);
        }
        if (parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
            throw invalid(key + "='" + value + "' is out of range; " + allowed);
        }
        return parsed.get();
    }

    private static Path dataDirectory(String value, Path workingDirectory) {
        String text = value == null ? DEFAULT_DATA_DIR : value.trim();
        if (text.isEmpty()) {
            throw invalid(DATA_DIR + "='' is empty; use a directory, relative to James's working directory "
                + "(default " + DEFAULT_DATA_DIR + ") or absolute");
        }
        try {
            return workingDirectory.resolve(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(DATA_DIR + "='" + value + "' is not a valid path: " + e.getReason());
        }
    }

    private static Optional<TrustStoreSettings> trustStore(Map<String, String> properties, Path workingDirectory) {
        String pathText = properties.getOrDefault(TRUST_STORE_PATH, "").trim();
        String password = properties.getOrDefault(TRUST_STORE_PASSWORD, "");
        String typeText = properties.getOrDefault(TRUST_STORE_TYPE, "").trim();
        if (pathText.isEmpty()) {
            if (!password.isEmpty() || !typeText.isEmpty()) {
                throw invalid(TRUST_STORE_PASSWORD + " and " + TRUST_STORE_TYPE + " are set but "
                    + TRUST_STORE_PATH + " is empty; set " + TRUST_STORE_PATH + " too, or leave all three empty "
                    + "for the JDK's default trust anchors");
            }
            return Optional.empty();
        }
        String type = typeText.isEmpty() ? KeyStore.getDefaultType() : typeText;
        Path path;
        try {
            path = workingDirectory.resolve(pathText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(TRUST_STORE_PATH + "='" + pathText + "' is not a valid path: " + e.getReason());
        }
        TrustStoreSettings settings = new TrustStoreSettings(path, password, type);
        requireLoadable(settings);
        return Optional.of(settings);
    }

    private static void requireLoadable(TrustStoreSettings settings) {
        try {
            settings.load();
        } catch (GeneralSecurityException e) {
            throw invalid(TRUST_STORE_TYPE + "='" + settings.type() + "' is not a key store type this JDK knows; "
                + "use PKCS12 or JKS");
        } catch (NoSuchFileException e) {
            throw invalid(TRUST_STORE_PATH + "='" + settings.path() + "' is not a readable file");
        } catch (IOException e) {
            throw new MtaStsConfigurationException(FILE_NAME + ": " + TRUST_STORE_PATH + "='" + settings.path()
                + "' cannot be read as a " + settings.type() + " key store with the " + TRUST_STORE_PASSWORD
                + " given: " + e.getMessage(), e);
        } catch (TrustStoreException e) {
            throw invalid(TRUST_STORE_PATH + "='" + settings.path() + "' holds no trusted certificate; add the "
                + "trust anchors of the policy hosts and MX hosts, or leave it empty for the JDK's default ones");
        }
    }

    private static MtaStsConfigurationException invalid(String problem) {
        return new MtaStsConfigurationException(FILE_NAME + ": " + problem);
    }
}
