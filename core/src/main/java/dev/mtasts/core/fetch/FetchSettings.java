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
 * <li>connect timeout 10 s, per address (TCP connect and TLS handshake): a policy host on the internet
 * answers in well under a second; ten covers a slow or distant one, and a dead or black-holed address must
 * not eat the budget of the next;</li>
 * <li>total timeout 30 s, one deadline for the whole fetch, from the start of the policy host's address
 * lookup to the last body byte, across all addresses tried: half the RFC's suggested minute, because a
 * sending MTA looks the policy up on the delivery path and a stuck fetch holds a spool thread; a policy is a
 * few hundred bytes, so 30 s is far beyond what a healthy host needs;</li>
 * <li>at most {@link #MAX_ADDRESSES} addresses of the policy host per fetch (a constant);</li>
 * <li>body limit 65536 bytes, the RFC's 64 KiB;</li>
 * <li>port 443, the port of the {@code https:} URL RFC 8461 §3.3 names. Another port exists only for
 * local test worlds whose policy hosts cannot listen on 443; production configurations leave it.</li>
 * </ul>
 */
public final class FetchSettings {
    /**
     * How many addresses of a policy host one fetch tries at most, in the resolver's order (IPv4 first). With
     * the default timeouts, three black-holed addresses use up the whole deadline (3 x 10 s = 30 s); a host
     * publishing twenty cannot make a fetch try twenty.
     */
    public static final int MAX_ADDRESSES = 3;

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

    /** Time allowed for the TCP connect and TLS handshake of one address (capped by what is left of the total). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Time allowed for the whole fetch, across all addresses tried: the policy host's address lookup,
     * connects, TLS handshakes, request, headers and body. The lookup is one resolver call bounded by the
     * resolver's own timeouts; nothing starts after this deadline and every connection is closed at it.
     */
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
