package dev.mtasts.core.cache;

import java.util.List;

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
}
