package dev.mtasts.core.tlsrpt.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mtasts.core.tlsrpt.DaySummary;
import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.tlsrpt.record.CheckpointCodec;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * One policy domain's counts of one day as bytes, for stores shared by several nodes: the same JSON as the
 * checkpoint files ({@link CheckpointCodec}), and the sum of several nodes' counts. Stateless; thread-safe.
 */
public final class DaySummaryCodec {
    private final CheckpointCodec codec = new CheckpointCodec();

    /** The summary's policies as checkpoint JSON. */
    public byte[] encode(DaySummary summary) {
        try {
            return codec.encode(summary.day(), summary.policies());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the counts of " + summary, e);
        }
    }

    /** Reads what {@link #encode} wrote; invalid with the reason when the bytes are damaged. */
    public Parsed<DaySummary> decode(LocalDate day, DomainName domain, byte[] bytes) {
        Parsed<List<PolicySummary>> parsed = codec.decode(day, bytes);
        if (!parsed.isValid()) {
            return Parsed.invalid(parsed.errors());
        }
        for (PolicySummary policy : parsed.value()) {
            if (!policy.policy().policyDomain().equals(domain)) {
                return Parsed.invalid(0, "counts of " + policy.policy().policyDomain() + " stored under " + domain);
            }
        }
        return Parsed.valid(new DaySummary(day, domain, parsed.value()));
    }

    /**
     * The counts of several nodes added up per applied policy (RFC 8460 §4.4: one report covers every session
     * of the sending organisation). All summaries must be of {@code day} and {@code domain}.
     */
    public static DaySummary sum(LocalDate day, DomainName domain, List<DaySummary> nodes) {
        Map<PolicyKey, long[]> totals = new LinkedHashMap<>();
        Map<PolicyKey, Map<FailureDetailKey, Long>> details = new HashMap<>();
        for (DaySummary node : nodes) {
            if (!node.day().equals(day) || !node.policyDomain().equals(domain)) {
                throw new IllegalArgumentException(node + " is not of " + domain + " on " + day);
            }
            for (PolicySummary policy : node.policies()) {
                long[] t = totals.computeIfAbsent(policy.policy(), k -> new long[3]);
                t[0] += policy.successfulSessions();
                t[1] += policy.failedSessions();
                t[2] += policy.overflowFailures();
                Map<FailureDetailKey, Long> d = details.computeIfAbsent(policy.policy(), k -> new HashMap<>());
                policy.failureDetails().forEach((detail, count) -> d.merge(detail, count, Long::sum));
            }
        }
        List<PolicySummary> policies = new ArrayList<>();
        totals.forEach((policy, t) -> policies.add(new PolicySummary(policy, t[0], t[1], details.get(policy), t[2])));
        return new DaySummary(day, domain, policies);
    }
}
