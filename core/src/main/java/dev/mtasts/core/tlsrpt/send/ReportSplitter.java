package dev.mtasts.core.tlsrpt.send;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicySummary;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportId;
import dev.mtasts.core.tlsrpt.ReportJson;

/**
 * Cuts a report whose compressed size is above a limit into parts that are each a valid report on their
 * own, dropping nothing: first by policy entries, then, for one policy too big alone, by its failure
 * details. The counts of the parts add up to the counts of the whole. Stateless and thread-safe.
 *
 * <p>RFC 8460 §5 notes that receivers often cap report size (about 10 MB); splitting keeps each part under
 * the operator's limit. A single failure detail cannot be cut further: such a part is kept whole, above the
 * limit, with a WARN.
 */
public final class ReportSplitter {
    private static final Logger LOG = LoggerFactory.getLogger(ReportSplitter.class);

    private final long maxCompressedBytes;

    public ReportSplitter(long maxCompressedBytes) {
        if (maxCompressedBytes <= 0) {
            throw new IllegalArgumentException("the report size limit must be positive: " + maxCompressedBytes);
        }
        this.maxCompressedBytes = maxCompressedBytes;
    }

    /** The parts of {@code whole} (one part, without a unique-id, when it fits). */
    public List<ReportPart> split(Report whole, ReportId id) {
        Report single = whole.withPolicies(id.whole(), whole.policies());
        byte[] gzip = ReportJson.toGzip(single);
        if (gzip.length <= maxCompressedBytes || !canSplit(whole.policies())) {
            warnIfTooBig(single, gzip);
            return List.of(new ReportPart(single, ReportFileName.of(id.submitter(), single, Optional.empty()), gzip));
        }
        String longestId = id.part(Integer.MAX_VALUE);
        List<List<PolicySummary>> chunks = merge(pack(whole, longestId, whole.policies()), whole, longestId);
        List<ReportPart> parts = new ArrayList<>();
        for (int n = 1; n <= chunks.size(); n++) {
            Report part = whole.withPolicies(id.part(n), chunks.get(n - 1));
            byte[] bytes = ReportJson.toGzip(part);
            warnIfTooBig(part, bytes);
            parts.add(new ReportPart(part, ReportFileName.of(id.submitter(), part, Optional.of(id.uniqueId(n))), bytes));
        }
        return parts;
    }

    private static boolean canSplit(List<PolicySummary> policies) {
        return policies.size() > 1 || (policies.size() == 1 && policies.get(0).failureDetails().size() > 1);
    }

    private boolean fits(Report whole, String reportId, List<PolicySummary> policies) {
        return ReportJson.toGzip(whole.withPolicies(reportId, policies)).length <= maxCompressedBytes;
    }

    private List<List<PolicySummary>> pack(Report whole, String reportId, List<PolicySummary> policies) {
        List<List<PolicySummary>> out = new ArrayList<>();
        if (fits(whole, reportId, policies) || !canSplit(policies)) {
            out.add(policies);
        } else if (policies.size() > 1) {
            int half = policies.size() / 2;
            out.addAll(pack(whole, reportId, policies.subList(0, half)));
            out.addAll(pack(whole, reportId, policies.subList(half, policies.size())));
        } else {
            for (PolicySummary piece : halve(policies.get(0))) {
                out.addAll(pack(whole, reportId, List.of(piece)));
            }
        }
        return out;
    }

    /** Joins neighbouring chunks while the result still fits, so halving does not leave needless parts. */
    private List<List<PolicySummary>> merge(List<List<PolicySummary>> chunks, Report whole, String reportId) {
        List<List<PolicySummary>> out = new ArrayList<>();
        for (List<PolicySummary> chunk : chunks) {
            if (!out.isEmpty()) {
                List<PolicySummary> joined = new ArrayList<>(out.get(out.size() - 1));
                joined.addAll(chunk);
                if (fits(whole, reportId, joined)) {
                    out.set(out.size() - 1, joined);
                    continue;
                }
            }
            out.add(new ArrayList<>(chunk));
        }
        return out;
    }

    /**
     * Two entries for the same policy whose counts add up to {@code summary}'s: the first keeps the successes,
     * the overflow and whatever failures have no detail; the second only its details' failures.
     */
    static List<PolicySummary> halve(PolicySummary summary) {
        List<Map.Entry<FailureDetailKey, Long>> details = ReportJson.sortedDetails(summary);
        int half = details.size() / 2;
        Map<FailureDetailKey, Long> first = new HashMap<>();
        Map<FailureDetailKey, Long> second = new HashMap<>();
        long firstSum = 0;
        long secondSum = 0;
        for (int i = 0; i < details.size(); i++) {
            Map.Entry<FailureDetailKey, Long> detail = details.get(i);
            if (i < half) {
                first.put(detail.getKey(), detail.getValue());
                firstSum += detail.getValue();
            } else {
                second.put(detail.getKey(), detail.getValue());
                secondSum += detail.getValue();
            }
        }
        long withoutDetail = summary.failedSessions() - firstSum - secondSum;
        return List.of(
                new PolicySummary(summary.policy(), summary.successfulSessions(), firstSum + withoutDetail, first,
                        summary.overflowFailures()),
                new PolicySummary(summary.policy(), 0, secondSum, second, 0));
    }

    private void warnIfTooBig(Report part, byte[] gzip) {
        if (gzip.length > maxCompressedBytes) {
            LOG.warn("TLS-RPT report {} for {} is {} bytes compressed, above the limit of {}, and cannot be split"
                    + " further (one failure detail); it is kept whole", part.reportId(), part.policyDomain(),
                    gzip.length, maxCompressedBytes);
        }
    }
}
