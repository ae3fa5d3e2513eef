package dev.mtasts.core.cache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.fetch.FetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/** Serves a policy per domain from memory, counts fetches, can fail or block. Thread-safe. */
final class FakeFetcher implements PolicyFetcher {
    static final Failure HTTP_404 = Failure.of(FailureCode.HTTP_STATUS, 404,
            "The policy host answered 404 Not Found.");

    private final Map<DomainName, FetchResult> results = new ConcurrentHashMap<>();
    private final Map<DomainName, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile CountDownLatch gate;
    private volatile CountDownLatch entered;

    static StsPolicy policy(PolicyMode mode, long maxAgeSeconds, String... mx) {
        List<MxPattern> patterns = java.util.Arrays.stream(mx).map(m -> MxPattern.parse(m).value())
                .collect(Collectors.toList());
        List<String> lines = new java.util.ArrayList<>();
        lines.add("version: STSv1");
        lines.add("mode: " + mode.text());
        for (String m : mx) {
            lines.add("mx: " + m);
        }
        lines.add("max_age: " + maxAgeSeconds);
        return new StsPolicy(mode, patterns, maxAgeSeconds, lines);
    }

    void serve(DomainName domain, StsPolicy policy) {
        results.put(domain, FetchResult.success(policy));
    }

    void fail(DomainName domain, Failure failure) {
        results.put(domain, FetchResult.failure(failure));
    }

    /** Every fetch first counts {@code enteredLatch} down, then waits for {@code gateLatch}. */
    void blockOn(CountDownLatch enteredLatch, CountDownLatch gateLatch) {
        this.entered = enteredLatch;
        this.gate = gateLatch;
    }

    int fetches() {
        return total.get();
    }

    int fetches(DomainName domain) {
        AtomicInteger count = fetches.get(domain);
        return count == null ? 0 : count.get();
    }

    @Override
    public FetchResult fetch(DomainName policyDomain) {
        total.incrementAndGet();
        fetches.computeIfAbsent(policyDomain, d -> new AtomicInteger()).incrementAndGet();
        CountDownLatch in = entered;
        if (in != null) {
            in.countDown();
        }
        CountDownLatch latch = gate;
        if (latch != null) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return results.getOrDefault(policyDomain, FetchResult.failure(HTTP_404));
    }
}
