package dev.mtasts.core.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one HTTPS policy fetch (RFC 8461 §3.3: "senders may wish to rate-limit ... and bound the time
 * and size", suggesting one minute and 64 KiB). Immutable; change with the {@code with...} copies, which throw
 * {@link IllegalArgumentException} naming the setting for an invalid value.
 *
 * <p>Defaults and why:
 * <ul>
 * <li>connect timeout 10 s: a policy host on the internet answers a TCP connect in well under a second;
 * ten covers a slow or distant one, and a dead address must not eat most of the total budget;</li>
 * <li>total timeout 30 s, from the start of the request to the last body byte: half the RFC's suggested
 * minute, because a sending MTA looks the policy up on the delivery path and a stuck fetch holds a spool
 * thread; a policy is a few hundred bytes, so 30 s is far beyond what a healthy host needs;</li>
 * <li>body limit 65536 bytes, the RFC's 64 KiB;</li>
 * <li>port 443, the port of the {@code https:} URL RFC 8461 §3.3 names. Another port exists only for
 * local test worlds whose policy hosts cannot listen on 443; production configurations leave it.</li>
 * </ul>
 */
public final class FetchSettings {
    private static final FetchSettings DEFAULTS =
            new FetchSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), 64 * 1024, 443);

    private final Duration connectTimeout;
    private final Duration totalTimeout;
    private final int maxBodyBytes;
    private final int port;

    private FetchSettings(Duration connectTimeout, Duration totalTimeout, int maxBodyBytes, int port) {
        this.connectTimeout = connectTimeout;
        this.totalTimeout = totalTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.port = port;
    }

    /** Connect 10 s, total 30 s, 64 KiB, port 443. */
    public static FetchSettings defaults() {
        return DEFAULTS;
    }

    public FetchSettings withConnectTimeout(Duration value) {
        requirePositive("connectTimeout", value);
        return new FetchSettings(value, totalTimeout, maxBodyBytes, port);
    }

    public FetchSettings withTotalTimeout(Duration value) {
        requirePositive("totalTimeout", value);
        return new FetchSettings(connectTimeout, value, maxBodyBytes, port);
    }

    public FetchSettings withMaxBodyBytes(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + value);
        }
        return new FetchSettings(connectTimeout, totalTimeout, value, port);
    }

    public FetchSettings withPort(int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + value);
        }
        return new FetchSettings(connectTimeout, totalTimeout, maxBodyBytes, value);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Time allowed for the TCP connect. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time allowed for the whole fetch after name resolution: connect, TLS, request, headers and body. */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    /** Largest policy body accepted, in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** TCP port of the policy host; 443 except in test worlds. */
    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "FetchSettings{connect=" + connectTimeout + ", total=" + totalTimeout + ", maxBody=" + maxBodyBytes
                + ", port=" + port + "}";
    }
}
