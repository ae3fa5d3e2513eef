package dev.mtasts.james.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.mtasts.core.DurationText;
import dev.mtasts.core.tlsrpt.send.IpNetwork;

/** The {@code tlsrpt.https.*} settings: deadline, trust and allowed networks of https report POSTs. Immutable. */
public final class TlsRptHttpsConfiguration {
    static final TlsRptHttpsConfiguration DEFAULTS = new TlsRptHttpsConfiguration(Duration.ofSeconds(60), false,
            List.of());

    private final Duration timeout;
    private final boolean useTrustStore;
    private final List<IpNetwork> allowedNetworks;

    TlsRptHttpsConfiguration(Duration timeout, boolean useTrustStore, List<IpNetwork> allowedNetworks) {
        this.timeout = Objects.requireNonNull(timeout);
        this.useTrustStore = useTrustStore;
        this.allowedNetworks = List.copyOf(allowedNetworks);
    }

    /** The whole POST ({@code tlsrpt.https.timeout}). */
    public Duration timeout() {
        return timeout;
    }

    /** True: endpoints are checked against {@code trust.store.path}; false: the JDK's trust anchors. */
    public boolean useTrustStore() {
        return useTrustStore;
    }

    /** Networks allowed although special ({@code tlsrpt.https.allow.networks}). */
    public List<IpNetwork> allowedNetworks() {
        return allowedNetworks;
    }

    @Override
    public String toString() {
        return "tlsrpt.https.timeout=" + DurationText.format(timeout) + ", tlsrpt.https.trust="
                + (useTrustStore ? "trust.store" : "jdk")
                + (allowedNetworks.isEmpty() ? "" : ", tlsrpt.https.allow.networks=" + allowedNetworks);
    }
}
