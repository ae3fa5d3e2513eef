/**
 * The policy cache and its store (RFC 8461 §3.3, §5.1): discovery (TXT record, then fetch), caching for
 * {@code max_age}, proactive refresh before expiry, the re-check of the TXT id before a bounce, and the
 * on-disk store (snapshot plus journal) that survives restarts. {@link dev.mtasts.core.cache.PolicyService}
 * is the entry point; its answers are {@link dev.mtasts.core.cache.PolicyLookup} values.
 */
package dev.mtasts.core.cache;
