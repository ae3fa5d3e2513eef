package dev.mtasts.core.delivery;

import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.policy.PolicyMode;

/** How one delivery treats TLS, derived from the policy in force. */
public enum TlsMode {
    /**
     * RFC 8461 §5 enforce: STARTTLS required, TLS 1.2+ (§7.2), certificate PKIX-valid for the MX name
     * (§4.2); any failure aborts the session before MAIL FROM and the next MX is tried.
     */
    REQUIRE_VALIDATED,
    /**
     * RFC 8461 §5 testing: validate as enforce would and report failures, but deliver anyway over whatever
     * the MX offers (unvalidated TLS, or plaintext when STARTTLS is missing).
     */
    VALIDATE_AND_REPORT,
    /** No policy, or mode none (§5): STARTTLS when offered, certificate not checked (RFC 7435). */
    OPPORTUNISTIC;

    /** The mode a lookup calls for. */
    public static TlsMode of(PolicyLookup lookup) {
        if (!lookup.hasPolicy()) {
            return OPPORTUNISTIC;
        }
        PolicyMode mode = lookup.policy().get().policy().mode();
        switch (mode) {
            case ENFORCE:
                return REQUIRE_VALIDATED;
            case TESTING:
                return VALIDATE_AND_REPORT;
            default:
                return OPPORTUNISTIC;
        }
    }

    /** True when certificate and STARTTLS problems must be recorded for TLS-RPT. */
    public boolean validates() {
        return this != OPPORTUNISTIC;
    }
}
