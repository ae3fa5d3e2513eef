package dev.mtasts.core.policy;

import java.util.List;
import java.util.Objects;

import dev.mtasts.core.DomainName;

/**
 * A valid MTA-STS policy file (RFC 8461 §3.2): mode, mx patterns, max_age, and the file's lines verbatim
 * (RFC 8460 §4.4 wants them as {@code policy-string}). Immutable and thread-safe.
 */
public final class StsPolicy {
    private final PolicyMode mode;
    private final List<MxPattern> mxPatterns;
    private final long maxAgeSeconds;
    private final List<String> lines;

    public StsPolicy(PolicyMode mode, List<MxPattern> mxPatterns, long maxAgeSeconds, List<String> lines) {
        this.mode = Objects.requireNonNull(mode);
        this.mxPatterns = List.copyOf(mxPatterns);
        this.maxAgeSeconds = maxAgeSeconds;
        this.lines = List.copyOf(lines);
    }

    public PolicyMode mode() {
        return mode;
    }

    public List<MxPattern> mxPatterns() {
        return mxPatterns;
    }

    /** Seconds the policy may be cached after the fetch, at most 31557600 (§3.2). */
    public long maxAgeSeconds() {
        return maxAgeSeconds;
    }

    /** The policy's lines as fetched, without line terminators. */
    public List<String> lines() {
        return lines;
    }

    /** RFC 8461 §4.1: true when {@code mxHost} matches at least one of the policy's mx patterns. */
    public boolean allowsMx(DomainName mxHost) {
        for (MxPattern pattern : mxPatterns) {
            if (pattern.matches(mxHost)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StsPolicy)) {
            return false;
        }
        StsPolicy other = (StsPolicy) o;
        return mode == other.mode && maxAgeSeconds == other.maxAgeSeconds && mxPatterns.equals(other.mxPatterns)
                && lines.equals(other.lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, mxPatterns, maxAgeSeconds, lines);
    }

    @Override
    public String toString() {
        return "StsPolicy{mode=" + mode + ", mx=" + mxPatterns + ", max_age=" + maxAgeSeconds + "}";
    }
}
