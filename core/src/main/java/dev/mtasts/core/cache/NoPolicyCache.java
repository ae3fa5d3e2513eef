package dev.mtasts.core.cache;

import java.util.concurrent.ConcurrentHashMap;

import dev.mtasts.core.DomainName;

/**
 * Remembers, for the life of the TXT answer, that a domain has no usable policy (no TXT record, an invalid one,
 * a policy that could not be fetched while the §3.3 backoff lasts, or mode none), so that mail to the many
 * domains without MTA-STS does not cost a DNS query each. Memory only, bounded: past {@code maxEntries} new
 * answers are simply not remembered. Thread-safe.
 */
final class NoPolicyCache {
    /** One remembered answer. Immutable. */
    private static final class Remembered {
        final PolicyLookup answer;
        final long untilMillis;

        Remembered(PolicyLookup answer, long untilMillis) {
            this.answer = answer;
            this.untilMillis = untilMillis;
        }
    }

    private final ConcurrentHashMap<DomainName, Remembered> answers = new ConcurrentHashMap<>();
    private final int maxEntries;

    NoPolicyCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The remembered answer if it is still valid at {@code nowMillis}, else null. */
    PolicyLookup answerAt(DomainName domain, long nowMillis) {
        Remembered remembered = answers.get(domain);
        return remembered != null && nowMillis < remembered.untilMillis ? remembered.answer : null;
    }

    /** Remembers {@code answer} from {@code nowMillis} until {@code untilMillis}; returns it for convenience. */
    PolicyLookup remember(DomainName domain, long nowMillis, PolicyLookup answer, long untilMillis) {
        if (answers.size() >= maxEntries && !answers.containsKey(domain)) {
            purge(nowMillis);
            if (answers.size() >= maxEntries) {
                return answer;
            }
        }
        answers.put(domain, new Remembered(answer, untilMillis));
        return answer;
    }

    void forget(DomainName domain) {
        answers.remove(domain);
    }

    /** Drops answers no longer valid at {@code nowMillis}. */
    void purge(long nowMillis) {
        answers.values().removeIf(r -> nowMillis >= r.untilMillis);
    }
}
