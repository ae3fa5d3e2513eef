package dev.mtasts.james.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.mtasts.core.DurationText;
import dev.mtasts.james.delivery.LocalPolicy;

/**
 * The plugin's settings, read once from {@code conf/mta-sts.properties} when James starts (see
 * {@link MtaStsProperties} for the keys, their defaults and their limits). Immutable and thread-safe; every
 * value has been validated, so users of this class never check again.
 */
public final class MtaStsConfiguration {
    private final List<InetSocketAddress> dnsServers;
    private final Duration dnsTimeout;
    private final Duration fetchConnectTimeout;
    private final Duration fetchTimeout;
    private final Optional<TrustStoreSettings> trustStore;
    private final Path dataDirectory;
    private final Duration refreshPeriod;
    private final int fetchPort;
    private final int checkSmtpPort;
    private final LocalPolicy localPolicy;
    private final TlsRptConfiguration tlsRpt;
    private final StoreSettings store;

    MtaStsConfiguration(List<InetSocketAddress> dnsServers, Duration dnsTimeout, Duration fetchConnectTimeout,
                        Duration fetchTimeout, Optional<TrustStoreSettings> trustStore, Path dataDirectory,
                        Duration refreshPeriod, int fetchPort, int checkSmtpPort, LocalPolicy localPolicy,
                        TlsRptConfiguration tlsRpt, StoreSettings store) {
        this.dnsServers = List.copyOf(dnsServers);
        this.dnsTimeout = Objects.requireNonNull(dnsTimeout, "dnsTimeout");
        this.fetchConnectTimeout = Objects.requireNonNull(fetchConnectTimeout, "fetchConnectTimeout");
        this.fetchTimeout = Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        this.refreshPeriod = Objects.requireNonNull(refreshPeriod, "refreshPeriod");
        this.fetchPort = fetchPort;
        this.checkSmtpPort = checkSmtpPort;
        this.localPolicy = Objects.requireNonNull(localPolicy, "localPolicy");
        this.tlsRpt = Objects.requireNonNull(tlsRpt, "tlsRpt");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Resolvers to ask, in order ({@code dns.servers}); empty means the system's resolvers. */
    public List<InetSocketAddress> dnsServers() {
        return dnsServers;
    }

    /** How long to wait for one DNS answer ({@code dns.timeout}). */
    public Duration dnsTimeout() {
        return dnsTimeout;
    }

    /** How long to wait for the TCP+TLS connection to a policy host ({@code fetch.connect.timeout}). */
    public Duration fetchConnectTimeout() {
        return fetchConnectTimeout;
    }

    /** The whole time one policy fetch may take ({@code fetch.timeout}); RFC 8461 §3.3 suggests 1 minute. */
    public Duration fetchTimeout() {
        return fetchTimeout;
    }

    /** The trust anchors for policy fetches ({@code trust.store.*}); empty means the JDK's default ones. */
    public Optional<TrustStoreSettings> trustStore() {
        return trustStore;
    }

    /** Absolute directory where the policy cache and the TLS-RPT records live ({@code data.dir}). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** How often cached policies are refreshed before they expire ({@code refresh.period}, RFC 8461 §5.1). */
    public Duration refreshPeriod() {
        return refreshPeriod;
    }

    /** The TLS-RPT settings ({@code tlsrpt.*}). */
    public TlsRptConfiguration tlsRpt() {
        return tlsRpt;
    }

    /** Where policies and TLS-RPT counts are kept ({@code store}, {@code cassandra.*}). */
    public StoreSettings store() {
        return store;
    }

    /** Port of the policy hosts ({@code fetch.port}): 443, other values only in test set-ups. */
    public int fetchPort() {
        return fetchPort;
    }

    /** Port of the MX hosts for the check route's STARTTLS probe ({@code check.smtp.port}): 25, others in tests. */
    public int checkSmtpPort() {
        return checkSmtpPort;
    }

    /** {@code tls.required.header} and {@code discovery.failure}: the operator's choices where the RFCs leave room. */
    public LocalPolicy localPolicy() {
        return localPolicy;
    }

    /** All settings in the file's own key names and syntax, for the start-up log; never shows a password. */
    @Override
    public String toString() {
        return MtaStsProperties.DNS_SERVERS + "=" + (dnsServers.isEmpty() ? "(system resolvers)"
                : dnsServers.stream().map(MtaStsConfiguration::hostPort).collect(Collectors.joining(",")))
            + ", " + MtaStsProperties.DNS_TIMEOUT + "=" + DurationText.format(dnsTimeout)
            + ", " + MtaStsProperties.FETCH_CONNECT_TIMEOUT + "=" + DurationText.format(fetchConnectTimeout)
            + ", " + MtaStsProperties.FETCH_TIMEOUT + "=" + DurationText.format(fetchTimeout)
            + ", " + MtaStsProperties.TRUST_STORE_PATH + "="
            + trustStore.map(TrustStoreSettings::toString).orElse("(JDK default trust anchors)")
            + ", " + MtaStsProperties.DATA_DIR + "=" + dataDirectory
            + ", " + MtaStsProperties.REFRESH_PERIOD + "=" + DurationText.format(refreshPeriod)
            + (fetchPort == 443 ? "" : ", " + MtaStsProperties.FETCH_PORT + "=" + fetchPort)
            + (checkSmtpPort == 25 ? "" : ", " + MtaStsProperties.CHECK_SMTP_PORT + "=" + checkSmtpPort)
            + ", " + MtaStsProperties.TLS_REQUIRED_HEADER + "=" + LocalPolicy.text(localPolicy.tlsRequiredHeader())
            + ", " + MtaStsProperties.DISCOVERY_FAILURE + "=" + LocalPolicy.text(localPolicy.discoveryFailure())
            + ", " + tlsRpt
            + (store.kind() == StoreSettings.Kind.FILE ? "" : ", " + StoreSettings.STORE + "=" + store);
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
