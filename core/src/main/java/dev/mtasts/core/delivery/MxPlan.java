package dev.mtasts.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.policy.StsPolicy;

/**
 * Which MX hosts a delivery tries, in which order, and which the policy rules out; or why the domain cannot
 * be delivered to at all. A pure function of the MX answer and the policy in force. Immutable.
 */
public final class MxPlan {
    /** Whether there is anything to try. */
    public enum Kind {
        CANDIDATES,
        /** Null MX or a domain that does not exist: retrying will not help. */
        PERMANENT_FAILURE,
        /** The MX lookup failed: retry later. */
        TEMPORARY_FAILURE
    }

    private final Kind kind;
    private final List<MxCandidate> candidates;
    private final List<MxCandidate> outsidePolicy;
    private final String reason;
    private final String enhancedStatus;

    private MxPlan(Kind kind, List<MxCandidate> candidates, List<MxCandidate> outsidePolicy, String reason,
            String enhancedStatus) {
        this.enhancedStatus = enhancedStatus;
        this.kind = kind;
        this.candidates = List.copyOf(candidates);
        this.outsidePolicy = List.copyOf(outsidePolicy);
        this.reason = Objects.requireNonNull(reason);
    }

    /**
     * Plans delivery to {@code domain}.
     *
     * @param mxAnswer the domain's MX answer (sorted by preference by the resolver)
     * @param policy the policy whose mx patterns filter the hosts, or null when no policy is in force
     * @param excludeOutsidePolicy true under enforce (RFC 8461 §5: never deliver to an MX that fails §4.1
     *        matching); false under testing, where such hosts stay candidates but are reported
     */
    public static MxPlan plan(DomainName domain, DnsAnswer<MxHost> mxAnswer, StsPolicy policy,
            boolean excludeOutsidePolicy) {
        List<MxCandidate> hosts = new ArrayList<>();
        switch (mxAnswer.status()) {
            case FAILED:
                return failure(Kind.TEMPORARY_FAILURE, "the MX lookup for " + domain + " failed: " + mxAnswer.detail(),
                        EnhancedStatus.DNS_FAILURE);
            case NO_RECORD:
                if (mxAnswer.isNxDomain()) {
                    return failure(Kind.PERMANENT_FAILURE, "the domain " + domain + " does not exist (NXDOMAIN)",
                            EnhancedStatus.NO_SUCH_DOMAIN);
                }
                // RFC 5321 §5.1: no MX records, the domain itself is the implicit MX.
                hosts.add(new MxCandidate(domain, 0, true));
                break;
            default:
                for (MxHost mx : mxAnswer.records()) {
                    if (mx.isNullMx()) {
                        return failure(Kind.PERMANENT_FAILURE,
                                "the domain " + domain + " publishes a null MX (RFC 7505): it accepts no mail",
                                EnhancedStatus.NULL_MX);
                    }
                    hosts.add(new MxCandidate(mx.host(), mx.preference(), false));
                }
        }
        if (policy == null) {
            return new MxPlan(Kind.CANDIDATES, hosts, List.of(), "", EnhancedStatus.DELIVERED);
        }
        List<MxCandidate> allowed = new ArrayList<>();
        List<MxCandidate> outside = new ArrayList<>();
        for (MxCandidate candidate : hosts) {
            // RFC 8461 §4.1: the MX host name must match one of the policy's mx patterns.
            // SPEC-GAP: §4.1 speaks of MX records; for an implicit MX (no MX records) the domain name itself
            // must match, otherwise an attacker deleting the MX records would bypass the policy.
            if (policy.allowsMx(candidate.host())) {
                allowed.add(candidate);
            } else {
                outside.add(candidate);
            }
        }
        List<MxCandidate> toTry = excludeOutsidePolicy ? allowed : hosts;
        return new MxPlan(Kind.CANDIDATES, toTry, outside, "", EnhancedStatus.DELIVERED);
    }

    private static MxPlan failure(Kind kind, String reason, String enhancedStatus) {
        return new MxPlan(kind, List.of(), List.of(), reason, enhancedStatus);
    }

    public Kind kind() {
        return kind;
    }

    /** The hosts to try, in preference order. */
    public List<MxCandidate> candidates() {
        return candidates;
    }

    /** Hosts that match none of the policy's mx patterns (each is a {@code validation-failure}). */
    public List<MxCandidate> outsidePolicy() {
        return outsidePolicy;
    }

    /** Why there is nothing to try; empty for {@link Kind#CANDIDATES}. */
    public String reason() {
        return reason;
    }

    /** RFC 3463 status for the DSN when there is nothing to try. */
    public String enhancedStatus() {
        return enhancedStatus;
    }

    @Override
    public String toString() {
        return kind + " try=" + candidates + " outside=" + outsidePolicy + (reason.isEmpty() ? "" : " " + reason);
    }
}
