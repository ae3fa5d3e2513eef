package dev.mtasts.core.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a {@link PolicyService}: fetch backoff, TXT re-check bounds and background refresh. Immutable and
 * thread-safe; build with {@link #builder()}, every value is validated by {@link Builder#build()}
 * ({@link IllegalArgumentException} naming the setting).
 */
public final class PolicyServiceSettings {
    private final Duration failedFetchBackoff;
    private final Duration minTxtTtl;
    private final Duration maxTxtTtl;
    private final Duration dnsFailureRetry;
    private final Duration refreshPeriod;
    private final Duration refreshJitter;
    private final Duration refreshBeforeExpiry;
    private final Duration refreshTick;
    private final int maxNoPolicyEntries;
    private final Duration lookupWait;

    private PolicyServiceSettings(Builder b) {
        this.lookupWait = b.lookupWait;
        this.maxNoPolicyEntries = b.maxNoPolicyEntries;
        this.failedFetchBackoff = b.failedFetchBackoff;
        this.minTxtTtl = b.minTxtTtl;
        this.maxTxtTtl = b.maxTxtTtl;
        this.dnsFailureRetry = b.dnsFailureRetry;
        this.refreshPeriod = b.refreshPeriod;
        this.refreshJitter = b.refreshJitter;
        this.refreshBeforeExpiry = b.refreshBeforeExpiry;
        this.refreshTick = b.refreshTick;
    }

    /** The defaults: see each getter. */
    public static PolicyServiceSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** RFC 8461 §3.3: least time between failed fetches of one (domain, id); default 5 minutes. */
    public Duration failedFetchBackoff() {
        return failedFetchBackoff;
    }

    /** A TXT answer is trusted for at least this long, whatever its TTL (default 60 s; 0 TTLs exist). */
    public Duration minTxtTtl() {
        return minTxtTtl;
    }

    /** ... and at most this long (default 1 hour). */
    public Duration maxTxtTtl() {
        return maxTxtTtl;
    }

    /** After a TXT lookup failed (SERVFAIL, timeout), how long a cached policy is answered before asking again (default 60 s). */
    public Duration dnsFailureRetry() {
        return dnsFailureRetry;
    }

    /** RFC 8461 §3.3 "suggested daily": how often a cached policy's TXT is re-checked in the background (default 1 day). */
    public Duration refreshPeriod() {
        return refreshPeriod;
    }

    /** Spread of refresh times across domains (default 2 hours: each domain within ±1 hour of the period). */
    public Duration refreshJitter() {
        return refreshJitter;
    }

    /**
     * How long before expiry a refresh fetches the policy again even when the id did not change (default 1 day;
     * capped at a quarter of the policy's max_age so a short-lived policy is not fetched constantly).
     */
    public Duration refreshBeforeExpiry() {
        return refreshBeforeExpiry;
    }

    /** How often the background task looks for due refreshes (default 1 minute). */
    public Duration refreshTick() {
        return refreshTick;
    }

    /**
     * How many "this domain has no usable policy" answers are remembered for their TXT TTL, so that mail to
     * domains without MTA-STS does not cost a DNS query each (default 100,000; 0 remembers none).
     */
    public int maxNoPolicyEntries() {
        return maxNoPolicyEntries;
    }

    /**
     * The longest a {@code lookup} or {@code recheck} caller waits for the network (its own discovery or one
     * already in flight for the domain); afterwards it gets the valid cached policy, if any, else "temporarily
     * unknown", and the discovery goes on in the background. Default 35 s (dns.timeout 5 s + fetch.timeout
     * 30 s); the James module sets it to exactly those two settings' sum.
     */
    public Duration lookupWait() {
        return lookupWait;
    }

    /** Mutable builder, not thread-safe. */
    public static final class Builder {
        private Duration failedFetchBackoff = Duration.ofMinutes(5);
        private Duration minTxtTtl = Duration.ofSeconds(60);
        private Duration maxTxtTtl = Duration.ofHours(1);
        private Duration dnsFailureRetry = Duration.ofSeconds(60);
        private Duration refreshPeriod = Duration.ofDays(1);
        private Duration refreshJitter = Duration.ofHours(2);
        private Duration refreshBeforeExpiry = Duration.ofDays(1);
        private Duration refreshTick = Duration.ofMinutes(1);
        private int maxNoPolicyEntries = 100_000;
        private Duration lookupWait = Duration.ofSeconds(35);

        private Builder() {
        }

        public Builder lookupWait(Duration value) {
            this.lookupWait = value;
            return this;
        }

        public Builder maxNoPolicyEntries(int value) {
            this.maxNoPolicyEntries = value;
            return this;
        }

        public Builder failedFetchBackoff(Duration value) {
            this.failedFetchBackoff = value;
            return this;
        }

        public Builder minTxtTtl(Duration value) {
            this.minTxtTtl = value;
            return this;
        }

        public Builder maxTxtTtl(Duration value) {
            this.maxTxtTtl = value;
            return this;
        }

        public Builder dnsFailureRetry(Duration value) {
            this.dnsFailureRetry = value;
            return this;
        }

        public Builder refreshPeriod(Duration value) {
            this.refreshPeriod = value;
            return this;
        }

        public Builder refreshJitter(Duration value) {
            this.refreshJitter = value;
            return this;
        }

        public Builder refreshBeforeExpiry(Duration value) {
            this.refreshBeforeExpiry = value;
            return this;
        }

        public Builder refreshTick(Duration value) {
            this.refreshTick = value;
            return this;
        }

        public PolicyServiceSettings build() {
            requireNonNegative("failedFetchBackoff", failedFetchBackoff);
            requireNonNegative("minTxtTtl", minTxtTtl);
            requireNonNegative("maxTxtTtl", maxTxtTtl);
            requireNonNegative("dnsFailureRetry", dnsFailureRetry);
            requireNonNegative("refreshJitter", refreshJitter);
            requireNonNegative("refreshBeforeExpiry", refreshBeforeExpiry);
            requirePositive("refreshPeriod", refreshPeriod);
            requirePositive("refreshTick", refreshTick);
            requirePositive("lookupWait", lookupWait);
            if (maxNoPolicyEntries < 0) {
                throw new IllegalArgumentException("maxNoPolicyEntries must not be negative, was " + maxNoPolicyEntries);
            }
            if (maxTxtTtl.compareTo(minTxtTtl) < 0) {
                throw new IllegalArgumentException("maxTxtTtl (" + maxTxtTtl + ") is below minTxtTtl (" + minTxtTtl + ")");
            }
            if (refreshJitter.compareTo(refreshPeriod) >= 0) {
                throw new IllegalArgumentException("refreshJitter (" + refreshJitter + ") must be below refreshPeriod ("
                        + refreshPeriod + ")");
            }
            return new PolicyServiceSettings(this);
        }

        private static void requireNonNegative(String name, Duration value) {
            if (Objects.requireNonNull(value, name).isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
        }

        private static void requirePositive(String name, Duration value) {
            requireNonNegative(name, value);
            if (value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }
}
