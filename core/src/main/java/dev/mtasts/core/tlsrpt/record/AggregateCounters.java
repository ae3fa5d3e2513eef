package dev.mtasts.core.tlsrpt.record;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.mtasts.core.tlsrpt.FailureDetailKey;
import dev.mtasts.core.tlsrpt.PolicyKey;
import dev.mtasts.core.tlsrpt.PolicySummary;

/**
 * The live counters of one policy on one UTC day: successes, failures by detail, and failures beyond the cap
 * on distinct details (overflow: counted in the failure total, detail not kept). The failure total is the
 * sum of the details and the overflow, so every snapshot is self-consistent. Memory grows with distinct
 * details (at most the cap), never with sessions. Thread-safe and lock-free on the recording path.
 */
final class AggregateCounters {
    private final PolicyKey policy;
    private final int maxDetails;
    private final LongAdder successes = new LongAdder();
    private final LongAdder overflow = new LongAdder();
    private final ConcurrentHashMap<FailureDetailKey, LongAdder> details = new ConcurrentHashMap<>();
    private final AtomicInteger detailSlots = new AtomicInteger();

    AggregateCounters(PolicyKey policy, int maxDetails) {
        this.policy = policy;
        this.maxDetails = maxDetails;
    }

    void addSuccesses(long count) {
        successes.add(count);
    }

    void addFailures(FailureDetailKey detail, long count) {
        LongAdder counter = details.get(detail);
        if (counter == null) {
            counter = newDetail(detail);
            if (counter == null) {
                overflow.add(count);
                return;
            }
        }
        counter.add(count);
    }

    void addOverflow(long count) {
        overflow.add(count);
    }

    private LongAdder newDetail(FailureDetailKey detail) {
        // Reserve a slot first so concurrent first sightings of different details never exceed the cap.
        if (detailSlots.incrementAndGet() > maxDetails) {
            detailSlots.decrementAndGet();
            LongAdder raced = details.get(detail);
            return raced;
        }
        LongAdder fresh = new LongAdder();
        LongAdder existing = details.putIfAbsent(detail, fresh);
        if (existing != null) {
            detailSlots.decrementAndGet();
            return existing;
        }
        return fresh;
    }

    /** The counts now; concurrent recording may or may not be included, never half of one session. */
    PolicySummary snapshot() {
        Map<FailureDetailKey, Long> counts = new HashMap<>(details.size() * 2);
        long failed = 0;
        for (Map.Entry<FailureDetailKey, LongAdder> entry : details.entrySet()) {
            long count = entry.getValue().sum();
            counts.put(entry.getKey(), count);
            failed += count;
        }
        long overflowed = overflow.sum();
        return new PolicySummary(policy, successes.sum(), failed + overflowed, counts, overflowed);
    }
}
