package dev.mtasts.core.cache;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.fetch.FetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsTxtParser;
import dev.mtasts.core.policy.StsTxtRecord;

/**
 * One discovery of a domain's policy over the network (RFC 8461 §3.1, §3.3, §5.1): the TXT query, the fetch
 * when the id is new or the cached policy is near expiry, and the resulting cache update. Callers run at most
 * one discovery per domain at a time (the service's single flight); different domains run in parallel. Never
 * throws for DNS or fetch trouble, also when a resolver or fetcher breaks its contract and throws.
 */
final class PolicyDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyDiscovery.class);
    /** The last failed fetch of a domain, for the §3.3 backoff per (domain, id). */
    private static final class FailedFetch {
        final String id;
        final long atMillis;
        final Failure failure;

        FailedFetch(String id, long atMillis, Failure failure) {
            this.id = id;
            this.atMillis = atMillis;
            this.failure = failure;
        }
    }

    private final DnsResolver dns;
    private final PolicyFetcher fetcher;
    private final PolicyEventListener listener;
    private final PolicyCache cache;
    private final RefreshSchedule schedule;
    private final PolicyServiceSettings settings;
    private final NoPolicyCache noPolicy;
    private final ConcurrentHashMap<DomainName, FailedFetch> failedFetches = new ConcurrentHashMap<>();

    PolicyDiscovery(DnsResolver dns, PolicyFetcher fetcher, PolicyEventListener listener, PolicyCache cache,
            NoPolicyCache noPolicy, RefreshSchedule schedule, PolicyServiceSettings settings) {
        this.noPolicy = noPolicy;
        this.dns = dns;
        this.fetcher = fetcher;
        this.listener = listener;
        this.cache = cache;
        this.schedule = schedule;
        this.settings = settings;
    }

    PolicyLookup discover(DomainName domain, Instant now) {
        long nowMillis = now.toEpochMilli();
        CacheEntry entry = cache.get(domain);
        if (entry != null && entry.isExpiredAt(nowMillis)) {
            // RFC 8461 §5.1: a policy is valid for max_age after the last successful fetch; an expired one is
            // never applied.
            cache.remove(domain);
            entry = null;
        }
        Parsed<DomainName> txtNameParsed = DomainName.parse("_mta-sts." + domain.asciiName());
        if (!txtNameParsed.isValid()) {
            // A name too long to carry the _mta-sts label cannot publish a policy (RFC 8461 §3.1).
            return PolicyLookup.noPolicy();
        }
        DomainName txtName = txtNameParsed.value();
        DnsAnswer<String> txt = queryTxt(txtName);
        switch (txt.status()) {
            case FAILED:
                return onTxtFailed(domain, entry, txtName, txt, nowMillis);
            case NO_RECORD:
                // RFC 8461 §5.1: a TXT record that disappears does not remove a cached policy.
                if (entry == null) {
                    return noPolicy.remember(domain, nowMillis, PolicyLookup.noPolicy(), txtValidUntil(txt, nowMillis));
                }
                return recheck(entry, nowMillis, txtValidUntil(txt, nowMillis), PolicyLookup.policy(entry.policy()));
            default:
                break;
        }
        Parsed<StsTxtRecord> record = StsTxtParser.select(txt.records());
        if (!record.isValid()) {
            // SPEC-GAP: §3.1 says such a domain has no usable policy now and §5.1 keeps a cached one; §6 only
            // names fetch failures "while a valid TXT record exists". We carry an sts-policy-invalid failure
            // on the answer (the domain owner wants to know) but do not tell the fetch-failure listener.
            Failure failure = Failure.of(FailureCode.TXT_INVALID, "The TXT record " + txtName
                    + " is not one valid MTA-STS record (" + record.describeErrors() + "); publish exactly one"
                    + " record of the form \"v=STSv1; id=<1 to 32 letters or digits>\" (RFC 8461 §3.1).");
            if (entry == null) {
                return noPolicy.remember(domain, nowMillis, PolicyLookup.noPolicy(failure), txtValidUntil(txt, nowMillis));
            }
            return recheck(entry, nowMillis, txtValidUntil(txt, nowMillis),
                    PolicyLookup.policy(entry.policy(), failure));
        }
        String id = record.value().id();
        // A cluster: another node may have fetched this id already (no second fetch) or evicted the domain.
        entry = cache.reconcile(domain, entry, id, now, schedule);
        if (entry != null && entry.policy().id().equals(id) && !schedule.needsRefetch(entry.policy(), nowMillis)) {
            return recheck(entry, nowMillis, txtValidUntil(txt, nowMillis), PolicyLookup.policy(entry.policy()));
        }
        FailedFetch failed = failedFetches.get(domain);
        long backoff = settings.failedFetchBackoff().toMillis();
        if (failed != null && failed.id.equals(id) && nowMillis < failed.atMillis + backoff) {
            // RFC 8461 §3.3: wait at least 5 minutes per policy id after a failed fetch.
            if (entry == null) {
                return noPolicy.remember(domain, nowMillis, PolicyLookup.noPolicy(failed.failure),
                        Math.min(txtValidUntil(txt, nowMillis), failed.atMillis + backoff));
            }
            return recheckFailed(entry, nowMillis, Math.min(txtValidUntil(txt, nowMillis), failed.atMillis + backoff),
                    PolicyLookup.policy(entry.policy(), failed.failure));
        }
        PolicyLookup fetched = fetch(domain, id, entry, now, txtValidUntil(txt, nowMillis));
        if (fetched.hasPolicy()) {
            noPolicy.forget(domain);
        }
        return fetched;
    }

    private PolicyLookup fetch(DomainName domain, String id, CacheEntry entry, Instant now, long txtValidUntil) {
        long nowMillis = now.toEpochMilli();
        FetchResult result = fetchPolicy(domain);
        if (result.isSuccess()) {
            failedFetches.remove(domain);
            if (result.policy().get().mode() == PolicyMode.NONE) {
                // RFC 8461 §5.1: a fetched policy with mode none removes the cached policy; §5: none means
                // the domain has no active policy.
                cache.remove(domain);
                return noPolicy.remember(domain, nowMillis, PolicyLookup.noPolicy(), txtValidUntil);
            }
            CachedPolicy fresh = new CachedPolicy(domain, id, result.policy().get(), now);
            CacheEntry stored = CacheEntry.plain(fresh, txtValidUntil, schedule.nextRefresh(fresh, nowMillis));
            cache.put(stored);
            return stored.answer();
        }
        Failure failure = result.failure().get();
        failedFetches.put(domain, new FailedFetch(id, nowMillis, failure));
        Optional<CachedPolicy> cached = entry == null ? Optional.empty() : Optional.of(entry.policy());
        // RFC 8461 §6: report fetch failures while a valid TXT record exists.
        notifyFetchFailed(domain, Optional.of(id), failure, cached);
        if (entry == null) {
            // RFC 8461 §3.3: a valid TXT but no policy and nothing cached: deliver as if the domain had not
            // implemented MTA-STS. NO_POLICY (not TEMPORARILY_UNKNOWN), with the failure to report.
            return noPolicy.remember(domain, nowMillis, PolicyLookup.noPolicy(failure),
                    Math.min(txtValidUntil, nowMillis + settings.failedFetchBackoff().toMillis()));
        }
        // RFC 8461 §3.3 / §5.1: the valid cached policy MUST be applied, also when the id changed.
        long retryAt = Math.min(txtValidUntil, nowMillis + settings.failedFetchBackoff().toMillis());
        return recheckFailed(entry, nowMillis, retryAt, PolicyLookup.policy(entry.policy(), failure));
    }

    private PolicyLookup onTxtFailed(DomainName domain, CacheEntry entry, DomainName txtName, DnsAnswer<String> txt,
            long nowMillis) {
        Failure failure = Failure.of(FailureCode.TXT_LOOKUP_FAILED, "The MTA-STS TXT"
                + " record " + txtName + " could not be looked up (" + txt.detail() + "); check that the domain's"
                + " name servers answer.");
        if (entry == null) {
            // Nobody said anything: not "no policy" (§3.3 still delivers as if none; the caller may defer).
            return noPolicy.remember(domain, nowMillis, PolicyLookup.temporarilyUnknown(failure),
                    nowMillis + settings.dnsFailureRetry().toMillis());
        }
        // SPEC-GAP: §6 lists fetch failures "while a valid non-none policy is cached"; we count a failed TXT
        // query as part of fetching the policy, so it is reported (txtId empty) and the cached policy applied.
        notifyFetchFailed(domain, Optional.empty(), failure, Optional.of(entry.policy()));
        return recheckFailed(entry, nowMillis, nowMillis + settings.dnsFailureRetry().toMillis(),
                PolicyLookup.policy(entry.policy(), failure));
    }

    private PolicyLookup recheck(CacheEntry entry, long nowMillis, long txtValidUntil, PolicyLookup answer) {
        CacheEntry updated = entry.checked(txtValidUntil, schedule.nextRefresh(entry.policy(), nowMillis), answer);
        cache.update(updated);
        return updated.answer();
    }

    private PolicyLookup recheckFailed(CacheEntry entry, long nowMillis, long txtValidUntil, PolicyLookup answer) {
        cache.update(entry.checked(txtValidUntil, schedule.nextRetry(entry.policy(), nowMillis), answer));
        return answer;
    }

    private long txtValidUntil(DnsAnswer<String> txt, long nowMillis) {
        long ttl = Math.max(settings.minTxtTtl().toMillis(),
                Math.min(settings.maxTxtTtl().toMillis(), Math.max(0, txt.ttlSeconds()) * 1000L));
        return nowMillis + ttl;
    }

    /** Forgets failed fetches older than the backoff and no-policy answers past their TTL. */
    void forgetOldFailures(long nowMillis) {
        noPolicy.purge(nowMillis);
        long backoff = settings.failedFetchBackoff().toMillis();
        failedFetches.values().removeIf(f -> nowMillis >= f.atMillis + backoff);
    }

    private void notifyFetchFailed(DomainName domain, Optional<String> id, Failure failure,
            Optional<CachedPolicy> cached) {
        try {
            listener.fetchFailed(domain, id, failure, cached);
        } catch (RuntimeException e) {
            // The listener contract forbids throwing; a broken listener must not break delivery.
            LOG.warn("MTA-STS policy event listener failed for {}: {}", domain, e.toString(), e);
        }
    }

    private DnsAnswer<String> queryTxt(DomainName txtName) {
        try {
            return dns.txt(txtName);
        } catch (RuntimeException e) {
            return DnsAnswer.failed("the resolver failed unexpectedly: " + e);
        }
    }

    private FetchResult fetchPolicy(DomainName domain) {
        try {
            return fetcher.fetch(domain);
        } catch (RuntimeException e) {
            return FetchResult.failure(Failure.of(FailureCode.FETCH_INTERNAL_ERROR,
                    "Fetching the MTA-STS policy of " + domain + " failed unexpectedly: " + e));
        }
    }
}
