package dev.mtasts.core.policy;

import java.util.Optional;

/** RFC 8461 §3.2 {@code mode}: what a sender does when an MX fails validation. */
public enum PolicyMode {
    /** §5: do not deliver to an MX that fails validation. */
    ENFORCE("enforce"),
    /** §5: deliver as if no failure, report it through TLS-RPT. */
    TESTING("testing"),
    /** §5: as if the domain had no active policy. */
    NONE("none");

    private final String text;

    PolicyMode(String text) {
        this.text = text;
    }

    /** The value as written in a policy file. */
    public String text() {
        return text;
    }

    /** The mode for a policy-file value; case-sensitive, as the ABNF writes it (§3.2). */
    public static Optional<PolicyMode> fromText(String text) {
        for (PolicyMode mode : values()) {
            if (mode.text.equals(text)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
