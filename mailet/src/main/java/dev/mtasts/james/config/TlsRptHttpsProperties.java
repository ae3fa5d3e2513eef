package dev.mtasts.james.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mtasts.core.DurationText;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.tlsrpt.send.IpNetwork;

/**
 * The {@code tlsrpt.https.*} keys of {@code conf/mta-sts.properties}, for reports POSTed to {@code https:} rua
 * endpoints (which the recipient domains choose):
 * <pre>
 * tlsrpt.https.timeout         the whole POST (address lookup, connect, TLS, upload, answer); 1s to 10m,
 *                              default 60s
 * tlsrpt.https.trust           jdk (default): the JDK's trust anchors; trust.store: the trust.store.path
 *                              store (test set-ups, private collectors)
 * tlsrpt.https.allow.networks  comma list of CIDR networks (127.0.0.0/8, fd00::/8) where endpoints may be
 *                              although loopback, private or otherwise special; default none
 * </pre>
 * Invalid values throw {@link MtaStsConfigurationException} naming the key. Stateless.
 */
final class TlsRptHttpsProperties {
    static final String TIMEOUT = "tlsrpt.https.timeout";
    static final String TRUST = "tlsrpt.https.trust";
    static final String ALLOW_NETWORKS = "tlsrpt.https.allow.networks";
    static final Set<String> KEYS = Set.of(TIMEOUT, TRUST, ALLOW_NETWORKS);

    private TlsRptHttpsProperties() {
    }

    static TlsRptHttpsConfiguration parse(Map<String, String> properties) {
        return new TlsRptHttpsConfiguration(timeout(properties.get(TIMEOUT)), trustStore(properties.get(TRUST)),
                networks(properties.get(ALLOW_NETWORKS)));
    }

    private static Duration timeout(String value) {
        if (value == null) {
            return Duration.ofSeconds(60);
        }
        Optional<Duration> parsed = DurationText.parse(value);
        if (parsed.isEmpty() || parsed.get().compareTo(Duration.ofSeconds(1)) < 0
                || parsed.get().compareTo(Duration.ofMinutes(10)) > 0) {
            throw invalid(TIMEOUT + "='" + value + "' is not a duration from 1s to 10m (units ms, s, m, h)");
        }
        return parsed.get();
    }

    private static boolean trustStore(String value) {
        String text = value == null ? "jdk" : value.trim();
        if (text.equals("jdk") || text.equals("trust.store")) {
            return text.equals("trust.store");
        }
        throw invalid(TRUST + "='" + value + "' is neither jdk nor trust.store");
    }

    private static List<IpNetwork> networks(String value) {
        List<IpNetwork> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String item : value.split(",")) {
            Parsed<IpNetwork> network = IpNetwork.parse(item);
            if (!network.isValid()) {
                throw invalid(ALLOW_NETWORKS + ": " + network.errors().get(0).reason());
            }
            out.add(network.value());
        }
        return out;
    }

    private static MtaStsConfigurationException invalid(String problem) {
        return new MtaStsConfigurationException(MtaStsProperties.FILE_NAME + ": " + problem);
    }
}
