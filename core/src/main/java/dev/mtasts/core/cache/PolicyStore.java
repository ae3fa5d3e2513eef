package dev.mtasts.core.cache;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.mtasts.core.DomainName;

/**
 * Where cached policies survive a restart (MTA-STS is trust on first use: losing the cache re-opens the
 * downgrade window). Implementations are safe for concurrent use, never leave a half-written entry behind
 * (a crash loses at most the write in flight), and report a corrupted entry by skipping it with a WARN,
 * never by failing {@link #loadAll()}.
 */
public interface PolicyStore {
    /** Every readable entry. */
    List<CachedPolicy> loadAll();

    /** Stores {@code policy}, replacing the entry of its domain. Throws {@link StoreException} on I/O failure. */
    void save(CachedPolicy policy);

    /** Removes the entry of {@code domain}, if any. Throws {@link StoreException} on I/O failure. */
    void delete(DomainName domain);

    /**
     * True for a store that several James nodes share (a cluster): another node may save or delete an entry at
     * any time, so the cache reads {@link #load} when it checks a domain's TXT record anyway (never on a warm
     * lookup). False (the default) for a store only this node writes: memory is then the truth.
     */
    default boolean shared() {
        return false;
    }

    /** The entry of {@code domain} as stored now, if any. Throws {@link StoreException} when the store cannot answer. */
    default Optional<CachedPolicy> load(DomainName domain) {
        return loadAll().stream().filter(p -> p.domain().equals(domain)).findFirst();
    }

    /**
     * Offers the complete current set of policies for a compact copy that makes the next {@link #loadAll()}
     * faster; the store calls {@code current} only when it decides a copy is due (never by default). Called by
     * the cache after its changes. Throws {@link StoreException} on I/O failure.
     */
    default void maybeWriteSnapshot(Supplier<Collection<CachedPolicy>> current) {
    }
}
