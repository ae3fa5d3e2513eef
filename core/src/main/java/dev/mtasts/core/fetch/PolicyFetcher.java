package dev.mtasts.core.fetch;

import dev.mtasts.core.DomainName;

/**
 * Fetches {@code https://mta-sts.<policy-domain>/.well-known/mta-sts.txt} (RFC 8461 §3.3). Implementations
 * never throw for network, TLS, HTTP or content trouble: they classify it into a {@link FetchResult}. Safe
 * for concurrent use.
 */
public interface PolicyFetcher {
    FetchResult fetch(DomainName policyDomain);
}
