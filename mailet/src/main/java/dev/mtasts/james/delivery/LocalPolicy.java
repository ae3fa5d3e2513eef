package dev.mtasts.james.delivery;

import java.util.Locale;
import java.util.Objects;

/**
 * The operator's choices where the RFCs leave the sender room: whether a message's own
 * {@code TLS-Required: No} header may waive an enforce policy (RFC 8689 §5), and what to do with mail whose
 * domain's {@code _mta-sts} TXT record cannot be read while nothing is cached (RFC 8461 §3.3 says deliver as
 * without a policy). Set in {@code mta-sts.properties} ({@code tls.required.header},
 * {@code discovery.failure}). Immutable.
 */
public final class LocalPolicy {
    /** {@code tls.required.header}. */
    public enum TlsRequiredHeader {
        /** RFC 8689 §5: a message with {@code TLS-Required: No} is delivered under enforce as under testing. */
        HONOUR,
        /** The header is ignored: enforce stays enforce (the plugin's own TLS-RPT report mails excepted). */
        IGNORE
    }

    /** {@code discovery.failure}. */
    public enum DiscoveryFailure {
        /** RFC 8461 §3.3: deliver as if the domain had no policy (opportunistic STARTTLS). */
        DELIVER,
        /** Defer the mail (a temporary failure, retried like any other) until the TXT record can be read. */
        DEFER
    }

    private static final LocalPolicy DEFAULTS = new LocalPolicy(TlsRequiredHeader.HONOUR, DiscoveryFailure.DELIVER);

    private final TlsRequiredHeader tlsRequiredHeader;
    private final DiscoveryFailure discoveryFailure;

    public LocalPolicy(TlsRequiredHeader tlsRequiredHeader, DiscoveryFailure discoveryFailure) {
        this.tlsRequiredHeader = Objects.requireNonNull(tlsRequiredHeader);
        this.discoveryFailure = Objects.requireNonNull(discoveryFailure);
    }

    /** {@code honour} and {@code deliver}: what RFC 8689 and RFC 8461 describe. */
    public static LocalPolicy defaults() {
        return DEFAULTS;
    }

    public TlsRequiredHeader tlsRequiredHeader() {
        return tlsRequiredHeader;
    }

    public DiscoveryFailure discoveryFailure() {
        return discoveryFailure;
    }

    /** The value as written in the properties file, e.g. {@code honour}. */
    public static String text(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
