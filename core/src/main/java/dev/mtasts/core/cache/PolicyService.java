package dev.mtasts.core.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.PolicyMode;

/**
 * The MTA-STS policy of a recipient domain, as a sending MTA applies it (RFC 8461 §3, §5.1): a cache of fetched
 * policies that survives restarts through a {@link PolicyStore}, TXT re-checks when the TXT answer's TTL has
 * passed, fetches when the policy id changes, the §3.3 backoff after failed fetches, and a background refresh
 * (§3.3 "SHOULD proactively refresh", suggested daily).
 *
 * <p>Thread-safe; meant as one shared instance. A lookup of a cached policy whose TXT answer is still fresh does
 * no I/O and no allocation. Concurrent lookups of one domain share one TXT query and one fetch, run on a
 * discovery thread of the service's own (at most {@link #MAX_PARALLEL_DISCOVERIES}, daemon, ended after a
 * minute idle); every caller, the one that started it included, waits at most {@link PolicyServiceSettings#lookupWait()} and then
 * gets the valid cached policy or "temporarily unknown" while the discovery finishes in the background;
 * different domains proceed in parallel.
 * Lookups never throw for DNS, HTTPS or disk trouble: those become {@link PolicyLookup} answers and
 * {@link Failure}s. A store that cannot write is logged and otherwise ignored (the policy stays in memory).
 */
public final class PolicyService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyService.class);

    private final Clock clock;
    private final PolicyEventListener listener;
    private final PolicyServiceSettings settings;
    private final PolicyCache cache;
    private final NoPolicyCache noPolicy;
    private final PolicyDiscovery discovery;
    private final ConcurrentHashMap<DomainName, CompletableFuture<PolicyLookup>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DomainName, Failure> refreshErrors = new ConcurrentHashMap<>();
    /**
     * At most this many discoveries run at a time (daemon threads, ended after a minute idle); more wait in
     * line, one per domain (the single flight), while their callers get their bounded answer.
     */
    static final int MAX_PARALLEL_DISCOVERIES = 64;

    private final ExecutorService discoveries = discoveryThreads();
    private ScheduledExecutorService scheduler;

    /**
     * Creates the service and loads {@code store} into memory (expired entries are deleted from it). Does not
     * start the background refresh: call {@link #start()}.
     */
    public PolicyService(Clock clock, DnsResolver dns, PolicyFetcher fetcher, PolicyStore store,
            PolicyEventListener listener, PolicyServiceSettings settings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        RefreshSchedule schedule = new RefreshSchedule(settings);
        this.cache = new PolicyCache(Objects.requireNonNull(store, "store"));
        this.noPolicy = new NoPolicyCache(settings.maxNoPolicyEntries());
        this.discovery = new PolicyDiscovery(Objects.requireNonNull(dns, "dns"), Objects.requireNonNull(fetcher,
                "fetcher"), listener, cache, noPolicy, schedule, settings);
        int loaded = cache.load(clock.instant(), schedule);
        LOG.info("MTA-STS policy cache loaded {} stored policies", loaded);
    }

    /**
     * The policy to apply to mail for {@code domain} now. Answered from memory when the cached policy is valid and
     * its TXT record was checked within the TXT answer's TTL; otherwise after a TXT query and, if the id is new or
     * the policy near expiry, a fetch. See {@link PolicyLookup} for the three answers.
     */
    public PolicyLookup lookup(DomainName domain) {
        long now = clock.millis();
        CacheEntry entry = cache.get(domain);
        if (entry != null) {
            if (entry.isFreshAt(now)) {
                return entry.answer();
            }
        } else {
            PolicyLookup remembered = noPolicy.answerAt(domain, now);
            if (remembered != null) {
                return remembered;
            }
        }
        return shared(domain, false, true);
    }

    /**
     * Queries the TXT record now whatever its TTL, and fetches if the id changed. RFC 8461 §5.1: a message that
     * failed under enforce MUST NOT be permanently failed before checking DNS for a new policy id. Joins a
     * discovery of the domain already in flight instead of starting a second one.
     */
    public PolicyLookup recheck(DomainName domain) {
        return shared(domain, true, true);
    }

    private PolicyLookup shared(DomainName domain, boolean force, boolean bounded) {
        CompletableFuture<PolicyLookup> mine = new CompletableFuture<>();
        CompletableFuture<PolicyLookup> running = inFlight.putIfAbsent(domain, mine);
        if (running == null) {
            running = mine;
            try {
                discoveries.execute(() -> discover(domain, force, mine));
            } catch (RejectedExecutionException e) {
                discover(domain, force, mine); // cannot happen with an unbounded pool; stay correct anyway
            }
        }
        return bounded ? awaitAtMost(domain, running) : await(running);
    }

    /**
     * One discovery on a discovery thread. It leaves the flight before completing {@code mine}, so that a
     * caller that got the result and looks up again starts afresh instead of joining a finished flight.
     */
    private void discover(DomainName domain, boolean force, CompletableFuture<PolicyLookup> mine) {
        PolicyLookup result;
        try {
            // Re-checked under the flight: a discovery may have finished between our miss and putIfAbsent.
            PolicyLookup fresh = force ? null : freshAnswer(domain, clock.millis());
            result = fresh != null ? fresh : discovery.discover(domain, clock.instant());
        } catch (RuntimeException | Error e) {
            inFlight.remove(domain, mine);
            mine.completeExceptionally(e);
            LOG.error("MTA-STS policy discovery of {} failed unexpectedly", domain, e);
            return;
        }
        inFlight.remove(domain, mine);
        mine.complete(result);
    }

    private PolicyLookup freshAnswer(DomainName domain, long now) {
        CacheEntry entry = cache.get(domain);
        if (entry != null) {
            return entry.isFreshAt(now) ? entry.answer() : null;
        }
        return noPolicy.answerAt(domain, now);
    }

    /**
     * Waits at most {@link PolicyServiceSettings#lookupWait()} for the discovery of {@code domain}, whoever
     * started it. When the bound passes the discovery goes on (its result is cached for the next lookup) and
     * this caller gets, RFC 8461 §5.1, the valid cached policy if there is one, else "temporarily unknown"
     * (§3.3: deliver as if there were no policy), with a failure that says so.
     */
    private PolicyLookup awaitAtMost(DomainName domain, CompletableFuture<PolicyLookup> running) {
        try {
            return running.get(settings.lookupWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return stillRunning(domain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stillRunning(domain);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private PolicyLookup stillRunning(DomainName domain) {
        Failure failure = Failure.of(FailureCode.LOOKUP_TIMEOUT, "the MTA-STS policy of "
                + domain + " was not known within " + millis(settings.lookupWait()) + " (the TXT query and policy"
                + " fetch together; bounded by dns.timeout + fetch.timeout); the lookup goes on in the background"
                + " and its result is used from the next message on");
        CacheEntry entry = cache.get(domain);
        if (entry != null && !entry.isExpiredAt(clock.millis())) {
            // RFC 8461 §5.1: the valid cached policy is applied while a new one cannot be had
            return PolicyLookup.policy(entry.policy(), failure);
        }
        return PolicyLookup.temporarilyUnknown(failure);
    }

    private static String millis(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.getSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static PolicyLookup await(CompletableFuture<PolicyLookup> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        throw new IllegalStateException("the policy discovery failed", cause);
    }

    /** Every cached policy, expired ones included until they are next looked at. A snapshot. */
    public Collection<CachedPolicy> cachedPolicies() {
        List<CachedPolicy> out = new ArrayList<>(cache.size());
        for (CacheEntry entry : cache.all()) {
            out.add(entry.policy());
        }
        return out;
    }

    /** The cached policy of {@code domain}, if any. */
    public Optional<CachedPolicy> cached(DomainName domain) {
        CacheEntry entry = cache.get(domain);
        return entry == null ? Optional.empty() : Optional.of(entry.policy());
    }

    /**
     * Removes the cached policy of {@code domain} from memory and the store (administration). The next lookup
     * discovers the policy afresh: trust on first use again.
     */
    public void evict(DomainName domain) {
        cache.remove(domain);
        noPolicy.forget(domain);
        refreshErrors.remove(domain);
    }

    /** The failure of the last background refresh of {@code domain}, when it failed; cleared by a success. */
    public Optional<Failure> lastRefreshError(DomainName domain) {
        return Optional.ofNullable(refreshErrors.get(domain));
    }

    /**
     * Runs one pass of the background refresh now, on the calling thread: every cached policy whose refresh is
     * due by the clock is re-checked as by {@link #recheck(DomainName)}. A failed refresh logs one WARN naming the
     * domain and the failure (DEBUG when the cached mode is none, or when the same failure repeats) and is kept
     * for {@link #lastRefreshError(DomainName)}. Returns how many policies were refreshed.
     */
    public int refreshDue() {
        long now = clock.millis();
        discovery.forgetOldFailures(now);
        List<CachedPolicy> due = new ArrayList<>();
        for (CacheEntry entry : cache.all()) {
            if (now >= entry.nextRefreshMillis()) {
                due.add(entry.policy());
            }
        }
        for (CachedPolicy before : due) {
            refresh(before);
        }
        return due.size();
    }

    private void refresh(CachedPolicy before) {
        DomainName domain = before.domain();
        // The refresh thread waits for the discovery's own end (bounded by the resolver and fetch deadlines),
        // so that what it logs is the real outcome, not "still running".
        PolicyLookup result = shared(domain, true, false);
        if (result.failure().isEmpty()) {
            if (refreshErrors.remove(domain) != null) {
                LOG.info("MTA-STS policy refresh of {} succeeded again", domain);
            }
            return;
        }
        Failure failure = result.failure().get();
        Failure previous = refreshErrors.put(domain, failure);
        try {
            listener.refreshFailed(domain, failure, before);
        } catch (RuntimeException e) {
            LOG.warn("MTA-STS policy event listener failed for {}: {}", domain, e.toString(), e);
        }
        // RFC 8461 §3.3: SHOULD alert administrators when refresh fails, unless the cached mode is none.
        if (before.policy().mode() == PolicyMode.NONE || failure.equals(previous)) {
            LOG.debug("MTA-STS policy refresh of {} failed: {}", domain, failure.sentence());
        } else {
            LOG.warn("MTA-STS policy refresh of {} failed ({}): {} The cached policy (id {}) stays in force until {}.",
                    domain, failure.resultType().wireName(), failure.sentence(), before.id(), before.expiresAt());
        }
    }

    private static ExecutorService discoveryThreads() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_PARALLEL_DISCOVERIES, MAX_PARALLEL_DISCOVERIES, 1,
                TimeUnit.MINUTES, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "mta-sts-policy-discovery");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Starts the background refresh on a daemon thread of its own, every {@code refreshTick}. Idempotent. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mta-sts-policy-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long tick = settings.refreshTick().toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refreshDue();
        } catch (RuntimeException e) {
            LOG.error("MTA-STS background policy refresh failed unexpectedly", e);
        }
    }

    /** Stops the background refresh; lookups keep working. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
