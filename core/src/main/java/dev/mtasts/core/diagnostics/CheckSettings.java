package dev.mtasts.core.diagnostics;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.delivery.SmtpSettings;
import dev.mtasts.core.fetch.FetchSettings;

/**
 * How {@link DomainCheck} reaches the domain's servers: the policy fetch's limits and port (the sender's own
 * {@link FetchSettings}), the SMTP probe's port, HELO name and timeouts (or none: step 7 is not run), and how
 * close a certificate's expiry must be to warn (14 days by default). Immutable; the {@code with...} copies
 * throw {@link IllegalArgumentException} for a non-positive warning period.
 */
public final class CheckSettings {
    /** Default time before a certificate's expiry from which the check warns. */
    public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(14);

    private final FetchSettings fetch;
    private final SmtpSettings smtp;
    private final Duration expiryWarning;

    private CheckSettings(FetchSettings fetch, SmtpSettings smtp, Duration expiryWarning) {
        this.fetch = Objects.requireNonNull(fetch);
        this.smtp = smtp;
        this.expiryWarning = Objects.requireNonNull(expiryWarning);
    }

    /** Fetch defaults, SMTP on port 25 with HELO "localhost" (connect 10 s, read 30 s), warning at 14 days. */
    public static CheckSettings defaults() {
        return new CheckSettings(FetchSettings.defaults(),
                new SmtpSettings("localhost", 25, Duration.ofSeconds(10), Duration.ofSeconds(30)),
                DEFAULT_EXPIRY_WARNING);
    }

    public CheckSettings withFetch(FetchSettings value) {
        return new CheckSettings(value, smtp, expiryWarning);
    }

    public CheckSettings withSmtp(SmtpSettings value) {
        return new CheckSettings(fetch, Objects.requireNonNull(value), expiryWarning);
    }

    /** No SMTP probe: step 7 is reported as skipped. */
    public CheckSettings withoutSmtp() {
        return new CheckSettings(fetch, null, expiryWarning);
    }

    public CheckSettings withExpiryWarning(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("expiryWarning must be positive, was " + value);
        }
        return new CheckSettings(fetch, smtp, value);
    }

    public FetchSettings fetch() {
        return fetch;
    }

    /** The SMTP probe's settings; empty when step 7 is not run. */
    public Optional<SmtpSettings> smtp() {
        return Optional.ofNullable(smtp);
    }

    public Duration expiryWarning() {
        return expiryWarning;
    }
}
