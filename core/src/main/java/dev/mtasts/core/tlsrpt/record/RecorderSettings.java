package dev.mtasts.core.tlsrpt.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the {@link TlsRptRecorder}: where it keeps its files, how often it checkpoints, how many
 * distinct failure details it keeps per policy and policies per domain and day, how long failure-log files
 * live and whether successes are logged. Immutable and thread-safe; {@link Builder#build()} validates every value and names the bad one.
 */
public final class RecorderSettings {
    private final Path dataDirectory;
    private final Duration checkpointInterval;
    private final Duration logFlushInterval;
    private final int maxFailureDetailsPerPolicy;
    private final int maxPoliciesPerDomain;
    private final int failureLogRetentionDays;
    private final int failureLogQueueCapacity;
    private final boolean logSuccesses;

    private RecorderSettings(Builder b) {
        this.dataDirectory = b.dataDirectory;
        this.checkpointInterval = b.checkpointInterval;
        this.logFlushInterval = b.logFlushInterval;
        this.maxFailureDetailsPerPolicy = b.maxFailureDetailsPerPolicy;
        this.maxPoliciesPerDomain = b.maxPoliciesPerDomain;
        this.failureLogRetentionDays = b.failureLogRetentionDays;
        this.failureLogQueueCapacity = b.failureLogQueueCapacity;
        this.logSuccesses = b.logSuccesses;
    }

    /** Settings with the defaults, files under {@code dataDirectory}. */
    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /** The plugin's data directory; the recorder uses its {@code tlsrpt/} sub-directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** {@code <data>/tlsrpt}: failure-log files. */
    public Path tlsRptDirectory() {
        return dataDirectory.resolve("tlsrpt");
    }

    /** {@code <data>/tlsrpt/aggregates}: one checkpoint file per UTC day. */
    public Path aggregateDirectory() {
        return tlsRptDirectory().resolve("aggregates");
    }

    /** How often the aggregates are written to disk (default 5 s): a crash loses at most this much. */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** How often queued failure-log lines are written (default 1 s). */
    public Duration logFlushInterval() {
        return logFlushInterval;
    }

    /** Distinct failure details kept per policy per day (default 1000); further ones count as overflow. */
    public int maxFailureDetailsPerPolicy() {
        return maxFailureDetailsPerPolicy;
    }

    /**
     * Distinct applied policies kept per policy domain per UTC day (default 10). Sessions under further
     * policies are counted under the domain's policy without policy strings, so a domain that rotates its
     * policy cannot grow the checkpoint without bound.
     */
    public int maxPoliciesPerDomain() {
        return maxPoliciesPerDomain;
    }

    /** UTC days of failure-log files kept, today included (default 30). */
    public int failureLogRetentionDays() {
        return failureLogRetentionDays;
    }

    /** Lines the failure log may hold in memory before it drops (and counts) new ones (default 10000). */
    public int failureLogQueueCapacity() {
        return failureLogQueueCapacity;
    }

    /** True to write a failure-log line for successful sessions too (default false: a busy server). */
    public boolean logSuccesses() {
        return logSuccesses;
    }

    /** Builds {@link RecorderSettings}; not thread-safe. */
    public static final class Builder {
        private final Path dataDirectory;
        private Duration checkpointInterval = Duration.ofSeconds(5);
        private Duration logFlushInterval = Duration.ofSeconds(1);
        private int maxFailureDetailsPerPolicy = 1000;
        private int maxPoliciesPerDomain = 10;
        private int failureLogRetentionDays = 30;
        private int failureLogQueueCapacity = 10_000;
        private boolean logSuccesses;

        private Builder(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public Builder checkpointInterval(Duration value) {
            this.checkpointInterval = value;
            return this;
        }

        public Builder logFlushInterval(Duration value) {
            this.logFlushInterval = value;
            return this;
        }

        public Builder maxFailureDetailsPerPolicy(int value) {
            this.maxFailureDetailsPerPolicy = value;
            return this;
        }

        public Builder maxPoliciesPerDomain(int value) {
            this.maxPoliciesPerDomain = value;
            return this;
        }

        public Builder failureLogRetentionDays(int value) {
            this.failureLogRetentionDays = value;
            return this;
        }

        public Builder failureLogQueueCapacity(int value) {
            this.failureLogQueueCapacity = value;
            return this;
        }

        public Builder logSuccesses(boolean value) {
            this.logSuccesses = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public RecorderSettings build() {
            if (dataDirectory == null) {
                throw new IllegalArgumentException("tlsrpt data directory is not set");
            }
            requirePositive("tlsrpt checkpoint interval", checkpointInterval);
            requirePositive("tlsrpt failure-log flush interval", logFlushInterval);
            if (maxFailureDetailsPerPolicy < 1) {
                throw new IllegalArgumentException("tlsrpt max failure details per policy must be at least 1, was "
                        + maxFailureDetailsPerPolicy);
            }
            if (maxPoliciesPerDomain < 1) {
                throw new IllegalArgumentException("tlsrpt max policies per domain must be at least 1, was "
                        + maxPoliciesPerDomain);
            }
            if (failureLogRetentionDays < 1) {
                throw new IllegalArgumentException("tlsrpt failure-log retention must be at least 1 day, was "
                        + failureLogRetentionDays);
            }
            if (failureLogQueueCapacity < 1) {
                throw new IllegalArgumentException("tlsrpt failure-log queue capacity must be at least 1, was "
                        + failureLogQueueCapacity);
            }
            return new RecorderSettings(this);
        }

        private static void requirePositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
        }
    }
}
