package dev.mtasts.core.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What one delivery round (one message, one domain, all its MX hosts) may try, as Postfix bounds it: at most
 * {@link #mxAddressLimit()} MX addresses ({@code smtp_mx_address_limit}), at most {@link #mxSessionLimit()}
 * sessions that got a greeting ({@code smtp_mx_session_limit}), no new session and no session set-up after
 * {@link #roundTimeout()}; and whether MX addresses on this host (loopback, unspecified) may be used. Immutable.
 */
public final class RoundLimits {
    public static final int DEFAULT_MX_ADDRESS_LIMIT = 5;
    public static final int DEFAULT_MX_SESSION_LIMIT = 2;
    public static final Duration DEFAULT_ROUND_TIMEOUT = Duration.ofMinutes(15);

    private final int mxAddressLimit;
    private final int mxSessionLimit;
    private final Duration roundTimeout;
    private final boolean allowLoopbackMx;

    public RoundLimits(int mxAddressLimit, int mxSessionLimit, Duration roundTimeout, boolean allowLoopbackMx) {
        if (mxAddressLimit < 0 || mxSessionLimit < 0) {
            throw new IllegalArgumentException("limits must be 0 (none) or more: " + mxAddressLimit + ", "
                    + mxSessionLimit);
        }
        if (Objects.requireNonNull(roundTimeout).isNegative() || roundTimeout.isZero()) {
            throw new IllegalArgumentException("the round timeout must be more than zero: " + roundTimeout);
        }
        this.mxAddressLimit = mxAddressLimit;
        this.mxSessionLimit = mxSessionLimit;
        this.roundTimeout = roundTimeout;
        this.allowLoopbackMx = allowLoopbackMx;
    }

    /** 5 addresses, 2 sessions, 15 minutes, loopback MX addresses refused. */
    public static RoundLimits defaults() {
        return new RoundLimits(DEFAULT_MX_ADDRESS_LIMIT, DEFAULT_MX_SESSION_LIMIT, DEFAULT_ROUND_TIMEOUT, false);
    }

    /** The most MX addresses a round uses, over all MX hosts; 0 means no limit. */
    public int mxAddressLimit() {
        return mxAddressLimit;
    }

    /** The most sessions a round opens that got as far as a greeting; 0 means no limit. */
    public int mxSessionLimit() {
        return mxSessionLimit;
    }

    /** After this no session starts and no session set-up goes on; a transaction under way keeps its own deadline. */
    public Duration roundTimeout() {
        return roundTimeout;
    }

    /** True when MX addresses on this host (127.0.0.0/8, ::1, 0.0.0.0/8, ::) may be used: test set-ups only. */
    public boolean allowLoopbackMx() {
        return allowLoopbackMx;
    }

    public RoundLimits withAllowLoopbackMx(boolean value) {
        return new RoundLimits(mxAddressLimit, mxSessionLimit, roundTimeout, value);
    }

    /**
     * True for addresses that reach this host rather than a remote MX: loopback (127.0.0.0/8, ::1; an
     * IPv4-mapped ::ffff:127.x arrives as IPv4) and unspecified (0.0.0.0/8, RFC 1122 §3.2.1.3 "this network",
     * which Linux connects to the local host; ::).
     */
    static boolean isThisHost(InetAddress address) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress()
                || (address instanceof Inet4Address && address.getAddress()[0] == 0);
    }

    @Override
    public String toString() {
        return "mxAddressLimit=" + mxAddressLimit + " mxSessionLimit=" + mxSessionLimit + " roundTimeout="
                + roundTimeout + " allowLoopbackMx=" + allowLoopbackMx;
    }
}
