package dev.mtasts.core.cache;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
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
 * no I/O and no allocation. Concurrent lookups of one domain share one TXT query and one fetch; the callers block
 * on that shared work (bounded by the resolver and fetcher timeouts); different domains proceed in parallel.
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
        return shared(domain, false);
    }

    /**
     * Queries the TXT record now whatever its TTL, and fetches if the id changed. RFC 8461 §5.1: a message that
     * failed under enforce MUST NOT be permanently failed before checking DNS for a new policy id. Joins a
     * discovery of the domain already in flight instead of starting a second one.
     */
    public PolicyLookup recheck(DomainName domain) {
        return shared(domain, true);
    }

    private PolicyLookup shared(DomainName domain, boolean force) {
        CompletableFuture<PolicyLookup> mine = new CompletableFuture<>();
        CompletableFuture<PolicyLookup> running = inFlight.putIfAbsent(domain, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // Re-checked under the flight: a discovery may have finished between our miss and putIfAbsent.
            PolicyLookup result = force ? null : freshAnswer(domain, clock.millis());
            if (result == null) {
                result = discovery.discover(domain, clock.instant());
            }
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(domain, mine);
        }
    }

    private PolicyLookup freshAnswer(DomainName domain, long now) {
        CacheEntry entry = cache.get(domain);
        if (entry != null) {
            return entry.isFreshAt(now) ? entry.answer() : null;
        }
        return noPolicy.answerAt(domain, now);
    }

    private static PolicyLookup await(CompletableFuture<PolicyLookup> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
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
        PolicyLookup result = recheck(domain);
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
