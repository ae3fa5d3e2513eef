package dev.mtasts.core.cache;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.policy.PolicyMode;

/**
 * The in-memory policy cache and its write-through to a {@link PolicyStore}. A store that cannot write never
 * loses the in-memory entry nor fails the caller: it logs one WARN per domain until a write succeeds again.
 * Thread-safe.
 */
final class PolicyCache {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyCache.class);

    /**
     * Replaced once, by {@link #load}, with a map sized for what the store holds (growing a map to a million
     * entries step by step costs more than loading them). Load runs in the owner's constructor, before the cache
     * is shared; afterwards the field does not change.
     */
    private ConcurrentHashMap<DomainName, CacheEntry> entries = new ConcurrentHashMap<>();
    private final Set<DomainName> storeWarned = ConcurrentHashMap.newKeySet();
    private final PolicyStore store;

    PolicyCache(PolicyStore store) {
        this.store = store;
    }

    /** Loads the store; expired and mode-none entries are deleted instead. Returns how many were loaded. */
    int load(Instant now, RefreshSchedule schedule) {
        Collection<CachedPolicy> stored;
        try {
            stored = store.loadAll();
        } catch (StoreException e) {
            LOG.warn("MTA-STS policy store could not be read, starting with an empty cache: {}", e.getMessage(), e);
            return 0;
        }
        if (entries.isEmpty()) {
            entries = new ConcurrentHashMap<>(Math.max(16, stored.size() + stored.size() / 3 + 1));
        }
        int loaded = 0;
        for (CachedPolicy policy : stored) {
            if (policy.isExpiredAt(now) || policy.mode() == PolicyMode.NONE) {
                deleteFromStore(policy.domain());
                continue;
            }
            // After a restart the TXT TTL is unknown: the first lookup re-checks the TXT record.
            entries.put(policy.domain(), CacheEntry.plain(policy, CacheEntry.NEVER_CHECKED,
                    schedule.nextRefresh(policy, policy.fetchedAt().toEpochMilli())));
            loaded++;
        }
        return loaded;
    }

    /**
     * For a shared store (a cluster): the entry to go on with once the TXT record said the policy id is {@code
     * txtId}. Another node may have fetched a newer policy (adopted, so no second fetch) or evicted the domain
     * (dropped here too, so the eviction reaches every node within the TXT TTL). When the store cannot answer,
     * {@code entry} stays. For a store of this node alone, {@code entry} is returned as it is.
     */
    CacheEntry reconcile(DomainName domain, CacheEntry entry, String txtId, Instant now, RefreshSchedule schedule) {
        if (!store.shared()) {
            return entry;
        }
        Optional<CachedPolicy> stored;
        try {
            stored = store.load(domain);
        } catch (StoreException e) {
            LOG.debug("MTA-STS shared policy store cannot answer for {}; going on with memory: {}", domain,
                    e.getMessage());
            return entry;
        }
        if (stored.isEmpty()) {
            if (entry != null) {
                LOG.info("MTA-STS policy of {} was evicted by another node; it is fetched again", domain);
                entries.remove(domain, entry);
            }
            return null;
        }
        CachedPolicy policy = stored.get();
        boolean newer = entry == null || policy.fetchedAt().isAfter(entry.policy().fetchedAt());
        if (!newer || policy.isExpiredAt(now) || policy.policy().mode() == PolicyMode.NONE
                || !policy.id().equals(txtId)) {
            return entry;
        }
        CacheEntry adopted = CacheEntry.plain(policy, CacheEntry.NEVER_CHECKED,
                schedule.nextRefresh(policy, policy.fetchedAt().toEpochMilli()));
        entries.put(domain, adopted);
        return adopted;
    }

    CacheEntry get(DomainName domain) {
        return entries.get(domain);
    }

    Collection<CacheEntry> all() {
        return entries.values();
    }

    int size() {
        return entries.size();
    }

    /** Replaces the entry in memory only: a new check of the same fetched policy. */
    void update(CacheEntry entry) {
        entries.put(entry.policy().domain(), entry);
    }

    /** Stores a newly fetched policy in memory and on disk. */
    void put(CacheEntry entry) {
        entries.put(entry.policy().domain(), entry);
        try {
            store.save(entry.policy());
            storeWarned.remove(entry.policy().domain());
        } catch (StoreException e) {
            warnOnce(entry.policy().domain(), "save", e);
        }
        offerSnapshot();
    }

    /** Lets the store write a compact copy of every policy when it wants one (see {@link PolicyStore}). */
    private void offerSnapshot() {
        try {
            store.maybeWriteSnapshot(() -> entries.values().stream().map(CacheEntry::policy)
                    .collect(Collectors.toList()));
        } catch (StoreException e) {
            LOG.warn("MTA-STS policy store could not write its snapshot (the next start reads every entry): {}",
                    e.getMessage());
        }
    }

    /** Removes the entry from memory and disk. */
    void remove(DomainName domain) {
        entries.remove(domain);
        deleteFromStore(domain);
        offerSnapshot();
    }

    private void deleteFromStore(DomainName domain) {
        try {
            store.delete(domain);
            storeWarned.remove(domain);
        } catch (StoreException e) {
            warnOnce(domain, "delete", e);
        }
    }

    private void warnOnce(DomainName domain, String operation, StoreException e) {
        if (storeWarned.add(domain)) {
            LOG.warn("MTA-STS policy store could not {} the policy of {} (kept in memory, will retry on the next"
                    + " change): {}", operation, domain, e.getMessage());
        } else {
            LOG.debug("MTA-STS policy store could not {} the policy of {} again: {}", operation, domain,
                    e.getMessage());
        }
    }
}
