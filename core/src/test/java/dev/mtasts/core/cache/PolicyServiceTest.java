package dev.mtasts.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.testkit.time.MutableClock;

class PolicyServiceTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final long WEEK = Duration.ofDays(7).getSeconds();
    private static final StsPolicy ENFORCE = FakeFetcher.policy(PolicyMode.ENFORCE, WEEK, "mx1.example.com",
            "*.mail.example.com");
    private static final StsPolicy TESTING = FakeFetcher.policy(PolicyMode.TESTING, WEEK, "mx2.example.com");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    final FakeDns dns = new FakeDns();
    final FakeFetcher fetcher = new FakeFetcher();
    final RecordingListener listener = new RecordingListener();
    FilePolicyStore store;
    PolicyService service;

    @BeforeEach
    void setUp() {
        store = new FilePolicyStore(dir.resolve("policies"));
        service = newService(store);
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    PolicyService newService(PolicyStore policyStore) {
        return new PolicyService(clock, dns, fetcher, policyStore, listener, PolicyServiceSettings.defaults());
    }

    /** Publishes id1 with a 300 s TTL, serves ENFORCE, and looks it up once. */
    CachedPolicy warmUp() {
        dns.publish(DOMAIN, "id1", 300);
        fetcher.serve(DOMAIN, ENFORCE);
        PolicyLookup first = service.lookup(DOMAIN);
        assertThat(first.kind()).isEqualTo(PolicyLookup.Kind.POLICY);
        return first.policy().get();
    }

    @Nested
    class ColdDomain {
        @Test
        void shouldFetchAndStoreWhenTxtIsValidAndNothingCached() {
            CachedPolicy policy = warmUp();

            assertThat(policy.id()).isEqualTo("id1");
            assertThat(policy.policy()).isEqualTo(ENFORCE);
            assertThat(policy.fetchedAt()).isEqualTo(clock.instant());
            assertThat(dns.txtQueries()).isEqualTo(1);
            assertThat(fetcher.fetches()).isEqualTo(1);
            assertThat(store.loadAll()).containsExactly(policy);
        }

        @Test
        void shouldAnswerNoPolicyWithoutFailureWhenThereIsNoTxt() {
            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
            assertThat(lookup.failure()).isEmpty();
            assertThat(fetcher.fetches()).isZero();
        }

        @Test
        void shouldAnswerNoPolicyWithStsPolicyInvalidWhenTwoStsRecordsExist() {
            dns.setTxt(DOMAIN, DnsAnswer.found(List.of("v=STSv1; id=a;", "v=STSv1; id=b;"), 300, List.of()));

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
            assertThat(lookup.failure().get().resultType()).isEqualTo(ResultType.STS_POLICY_INVALID);
            assertThat(fetcher.fetches()).isZero();
        }
    }

    @Nested
    class NoPolicyMemory {
        @Test
        void shouldNotQueryDnsAgainWithinTheNegativeTtlWhenThereIsNoTxt() {
            service.lookup(DOMAIN);
            clock.advance(Duration.ofSeconds(299));
            assertThat(service.lookup(DOMAIN).kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
            assertThat(dns.txtQueries()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(2));
            service.lookup(DOMAIN);
            assertThat(dns.txtQueries()).isEqualTo(2);
        }

        @Test
        void shouldAskAgainAfterAMinuteWhenTheTxtLookupFailed() {
            dns.servfail(DOMAIN);
            service.lookup(DOMAIN);
            clock.advance(Duration.ofSeconds(59));
            assertThat(service.lookup(DOMAIN).kind()).isEqualTo(PolicyLookup.Kind.TEMPORARILY_UNKNOWN);
            assertThat(dns.txtQueries()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            dns.publish(DOMAIN, "id1", 300);
            fetcher.serve(DOMAIN, ENFORCE);
            assertThat(service.lookup(DOMAIN).hasPolicy()).isTrue();
        }

        @Test
        void shouldQueryDnsWhenRecheckIsAskedDespiteARememberedNoPolicy() {
            service.lookup(DOMAIN);
            dns.publish(DOMAIN, "id1", 300);
            fetcher.serve(DOMAIN, ENFORCE);

            assertThat(service.recheck(DOMAIN).hasPolicy()).isTrue();
            assertThat(service.lookup(DOMAIN).hasPolicy()).isTrue();
            assertThat(dns.txtQueries()).isEqualTo(2);
        }

        @Test
        void shouldRememberNoMoreDomainsThanConfigured() {
            PolicyService small = new PolicyService(clock, dns, fetcher, new FilePolicyStore(dir.resolve("small")),
                    listener, PolicyServiceSettings.builder().maxNoPolicyEntries(1).build());
            DomainName other = DomainName.of("other.example");

            small.lookup(DOMAIN);
            small.lookup(other);
            small.lookup(DOMAIN);
            small.lookup(other);

            assertThat(dns.txtQueries()).isEqualTo(3);
        }
    }

    @Nested
    class WarmCache {
        @Test
        void shouldAnswerWithoutAnyIoWhenTheTxtAnswerIsWithinItsTtl() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofSeconds(299));

            for (int i = 0; i < 1000; i++) {
                assertThat(service.lookup(DOMAIN).policy()).contains(policy);
            }

            assertThat(dns.txtQueries()).isEqualTo(1);
            assertThat(fetcher.fetches()).isEqualTo(1);
        }

        @Test
        void shouldQueryTxtOnceAndNotFetchWhenTtlPassedAndIdIsTheSame() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofSeconds(301));

            PolicyLookup lookup = service.lookup(DOMAIN);
            service.lookup(DOMAIN);

            assertThat(lookup.policy()).contains(policy);
            assertThat(lookup.failure()).isEmpty();
            assertThat(dns.txtQueries()).isEqualTo(2);
            assertThat(fetcher.fetches()).isEqualTo(1);
        }

        @Test
        void shouldFetchTheNewPolicyWhenTheIdRotates() {
            warmUp();
            clock.advance(Duration.ofSeconds(301));
            dns.publish(DOMAIN, "id2", 300);
            fetcher.serve(DOMAIN, TESTING);

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.policy().get().id()).isEqualTo("id2");
            assertThat(lookup.policy().get().policy()).isEqualTo(TESTING);
            assertThat(fetcher.fetches()).isEqualTo(2);
            assertThat(store.loadAll()).extracting(CachedPolicy::id).containsExactly("id2");
        }

        @Test
        void shouldKeepApplyingTheCachedPolicyWhenTheTxtDisappears() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofSeconds(301));
            dns.remove(DOMAIN);

            PolicyLookup lookup = service.lookup(DOMAIN);

            // RFC 8461 §5.1: a missing TXT record does not evict.
            assertThat(lookup.policy()).contains(policy);
            assertThat(lookup.failure()).isEmpty();
            assertThat(service.cached(DOMAIN)).contains(policy);
        }

        @Test
        void shouldKeepApplyingTheCachedPolicyWithAFailureWhenTheTxtBecomesInvalid() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofSeconds(301));
            dns.setTxt(DOMAIN, DnsAnswer.found(List.of("v=STSv1; id=a;", "v=STSv1; id=b;"), 300, List.of()));

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.policy()).contains(policy);
            assertThat(lookup.failure().get().resultType()).isEqualTo(ResultType.STS_POLICY_INVALID);
            assertThat(fetcher.fetches()).isEqualTo(1);
        }

        @Test
        void shouldQueryTxtWithinTheTtlWhenRecheckIsAsked() {
            warmUp();
            dns.publish(DOMAIN, "id2", 300);
            fetcher.serve(DOMAIN, TESTING);

            PolicyLookup lookup = service.recheck(DOMAIN);

            assertThat(dns.txtQueries()).isEqualTo(2);
            assertThat(lookup.policy().get().id()).isEqualTo("id2");
        }
    }

    @Nested
    class DnsFailure {
        @Test
        void shouldAnswerTemporarilyUnknownWhenServfailAndNothingCached() {
            dns.servfail(DOMAIN);

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.TEMPORARILY_UNKNOWN);
            assertThat(lookup.failure().get().code()).isEqualTo("txt-lookup-failed");
            assertThat(lookup.failure().get().sentence()).contains("_mta-sts.example.com", "SERVFAIL");
            assertThat(fetcher.fetches()).isZero();
        }

        @Test
        void shouldApplyTheCachedPolicyWhenServfailAndNotAskAgainForAMinute() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofSeconds(301));
            dns.servfail(DOMAIN);

            PolicyLookup lookup = service.lookup(DOMAIN);
            clock.advance(Duration.ofSeconds(59));
            service.lookup(DOMAIN);

            assertThat(lookup.policy()).contains(policy);
            assertThat(lookup.failure().get().code()).isEqualTo("txt-lookup-failed");
            assertThat(dns.txtQueries()).isEqualTo(2);
            assertThat(listener.fetchFailures).hasSize(1);
            assertThat(listener.fetchFailures.get(0).txtId).isEmpty();
        }
    }

    @Nested
    class FetchFailure {
        @Test
        void shouldApplyTheCachedPolicyReportAndNotifyWhenTheNewIdCannotBeFetched() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofSeconds(301));
            dns.publish(DOMAIN, "id2", 300);
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.POLICY);
            assertThat(lookup.policy()).contains(policy);
            assertThat(lookup.failure()).contains(FakeFetcher.HTTP_404);
            assertThat(listener.fetchFailures).hasSize(1);
            RecordingListener.FetchFailed event = listener.fetchFailures.get(0);
            assertThat(event.domain).isEqualTo(DOMAIN);
            assertThat(event.txtId).contains("id2");
            assertThat(event.failure).isEqualTo(FakeFetcher.HTTP_404);
            assertThat(event.cached).contains(policy);
        }

        @Test
        void shouldAnswerNoPolicyWithTheFailureWhenNothingIsCached() {
            dns.publish(DOMAIN, "id1", 300);
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);

            PolicyLookup lookup = service.lookup(DOMAIN);

            // RFC 8461 §3.3: deliver as if the domain had not implemented MTA-STS.
            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
            assertThat(lookup.failure()).contains(FakeFetcher.HTTP_404);
            assertThat(listener.fetchFailures).hasSize(1);
            assertThat(listener.fetchFailures.get(0).cached).isEmpty();
        }
    }

    @Nested
    class FailedFetchBackoff {
        @Test
        void shouldNotFetchTheSameIdAgainWithinFiveMinutes() {
            dns.publish(DOMAIN, "id1", 0);
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);
            service.lookup(DOMAIN);

            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofSeconds(61));
                PolicyLookup lookup = service.lookup(DOMAIN);
                assertThat(lookup.failure()).contains(FakeFetcher.HTTP_404);
            }

            assertThat(fetcher.fetches()).isEqualTo(1);
            assertThat(listener.fetchFailures).hasSize(1);
        }

        @Test
        void shouldFetchAgainOnceFiveMinutesHavePassed() {
            dns.publish(DOMAIN, "id1", 0);
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);
            service.lookup(DOMAIN);
            clock.advance(Duration.ofMinutes(5));
            fetcher.serve(DOMAIN, ENFORCE);

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(fetcher.fetches()).isEqualTo(2);
            assertThat(lookup.policy().get().policy()).isEqualTo(ENFORCE);
            assertThat(lookup.failure()).isEmpty();
        }

        @Test
        void shouldFetchANewIdAtOnceDuringTheBackoff() {
            dns.publish(DOMAIN, "id1", 0);
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);
            service.lookup(DOMAIN);
            clock.advance(Duration.ofSeconds(61));
            dns.publish(DOMAIN, "id2", 0);
            fetcher.serve(DOMAIN, ENFORCE);

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(fetcher.fetches()).isEqualTo(2);
            assertThat(lookup.policy().get().id()).isEqualTo("id2");
        }

        @Test
        void shouldKeepTheCachedPolicyAndTheFailureDuringTheBackoffWithoutFetching() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofSeconds(301));
            dns.publish(DOMAIN, "id2", 60);
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);
            service.lookup(DOMAIN);

            clock.advance(Duration.ofSeconds(61));
            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.policy()).contains(policy);
            assertThat(lookup.failure()).contains(FakeFetcher.HTTP_404);
            assertThat(fetcher.fetches()).isEqualTo(2);
        }
    }

    @Nested
    class ModeNone {
        @Test
        void shouldRemoveTheCachedPolicyWhenAModeNonePolicyIsFetched() {
            warmUp();
            clock.advance(Duration.ofSeconds(301));
            dns.publish(DOMAIN, "id2", 300);
            fetcher.serve(DOMAIN, FakeFetcher.policy(PolicyMode.NONE, WEEK));

            PolicyLookup lookup = service.lookup(DOMAIN);

            // RFC 8461 §5.1: a fetched policy with mode none removes the cached one.
            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
            assertThat(service.cached(DOMAIN)).isEmpty();
            assertThat(store.loadAll()).isEmpty();
        }
    }

    @Nested
    class Expiry {
        @Test
        void shouldNotApplyAPolicyPastMaxAgeWhenTheRefetchFails() {
            dns.publish(DOMAIN, "id1", 300);
            fetcher.serve(DOMAIN, FakeFetcher.policy(PolicyMode.ENFORCE, 86400, "mx1.example.com"));
            service.lookup(DOMAIN);
            clock.advance(Duration.ofSeconds(86400));
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
            assertThat(lookup.failure()).contains(FakeFetcher.HTTP_404);
            assertThat(service.cached(DOMAIN)).isEmpty();
            assertThat(store.loadAll()).isEmpty();
        }

        @Test
        void shouldRefetchAnExpiredPolicyWithTheSameId() {
            dns.publish(DOMAIN, "id1", 300);
            fetcher.serve(DOMAIN, FakeFetcher.policy(PolicyMode.ENFORCE, 86400, "mx1.example.com"));
            service.lookup(DOMAIN);
            clock.advance(Duration.ofSeconds(86400));

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(fetcher.fetches()).isEqualTo(2);
            assertThat(lookup.policy().get().fetchedAt()).isEqualTo(clock.instant());
        }

        @Test
        void shouldNotApplyAnExpiredPolicyWhenTheTxtDisappeared() {
            dns.publish(DOMAIN, "id1", 300);
            fetcher.serve(DOMAIN, FakeFetcher.policy(PolicyMode.ENFORCE, 86400, "mx1.example.com"));
            service.lookup(DOMAIN);
            clock.advance(Duration.ofSeconds(86400));
            dns.remove(DOMAIN);

            assertThat(service.lookup(DOMAIN).kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
        }
    }

    @Nested
    class Concurrency {
        @Test
        void shouldShareOneTxtQueryAndOneFetchAmongHundredConcurrentLookups() throws Exception {
            dns.publish(DOMAIN, "id1", 300);
            fetcher.serve(DOMAIN, ENFORCE);
            CountDownLatch fetchEntered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            fetcher.blockOn(fetchEntered, release);
            ExecutorService pool = Executors.newFixedThreadPool(100);
            try {
                CountDownLatch started = new CountDownLatch(100);
                List<Future<PolicyLookup>> results = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    results.add(pool.submit(() -> {
                        started.countDown();
                        return service.lookup(DOMAIN);
                    }));
                }
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(fetchEntered.await(10, TimeUnit.SECONDS)).isTrue();
                release.countDown();
                for (Future<PolicyLookup> result : results) {
                    assertThat(result.get(10, TimeUnit.SECONDS).policy().get().policy()).isEqualTo(ENFORCE);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(dns.txtQueries()).isEqualTo(1);
            assertThat(fetcher.fetches()).isEqualTo(1);
        }

        @Test
        void shouldLetAnotherDomainProceedWhileOneFetchIsBlocked() throws Exception {
            DomainName slow = DomainName.of("slow.example");
            dns.publish(slow, "s1", 300);
            fetcher.serve(slow, ENFORCE);
            CountDownLatch fetchEntered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            fetcher.blockOn(fetchEntered, release);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<PolicyLookup> blocked = pool.submit(() -> service.lookup(slow));
                assertThat(fetchEntered.await(10, TimeUnit.SECONDS)).isTrue();

                // example.com has no TXT: answered while slow.example's fetch is still blocked.
                assertThat(service.lookup(DOMAIN).kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
                assertThat(blocked.isDone()).isFalse();

                release.countDown();
                assertThat(blocked.get(10, TimeUnit.SECONDS).hasPolicy()).isTrue();
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Restart {
        @Test
        void shouldLoadStoredPoliciesAndRecheckTheTxtOnTheFirstLookup() {
            CachedPolicy policy = warmUp();
            service.close();
            clock.advance(Duration.ofSeconds(10));

            PolicyService restarted = newService(new FilePolicyStore(dir.resolve("policies")));
            assertThat(restarted.cached(DOMAIN)).contains(policy);
            PolicyLookup lookup = restarted.lookup(DOMAIN);
            restarted.lookup(DOMAIN);

            assertThat(lookup.policy()).contains(policy);
            assertThat(dns.txtQueries()).isEqualTo(2);
            assertThat(fetcher.fetches()).isEqualTo(1);
        }

        @Test
        void shouldApplyTheStoredPolicyWhenDnsFailsAfterARestart() {
            CachedPolicy policy = warmUp();
            dns.servfail(DOMAIN);

            PolicyLookup lookup = newService(new FilePolicyStore(dir.resolve("policies"))).lookup(DOMAIN);

            assertThat(lookup.policy()).contains(policy);
        }

        @Test
        void shouldDropStoredPoliciesThatExpiredWhileDown() {
            warmUp();
            clock.advance(Duration.ofDays(8));

            PolicyService restarted = newService(new FilePolicyStore(dir.resolve("policies")));

            assertThat(restarted.cachedPolicies()).isEmpty();
            assertThat(store.loadAll()).isEmpty();
        }
    }

    @Nested
    class StoreFailure {
        @Test
        void shouldKeepThePolicyInMemoryWhenTheDiskFails() throws Exception {
            Path policies = dir.resolve("policies");
            try (java.util.stream.Stream<Path> files = Files.walk(policies)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
            Files.writeString(policies, "not a directory any more");

            CachedPolicy policy = warmUp();

            assertThat(service.cached(DOMAIN)).contains(policy);
            assertThat(service.lookup(DOMAIN).policy()).contains(policy);
            clock.advance(Duration.ofSeconds(301));
            dns.publish(DOMAIN, "id2", 300);
            fetcher.serve(DOMAIN, TESTING);
            assertThat(service.lookup(DOMAIN).policy().get().id()).isEqualTo("id2");
        }
    }

    @Nested
    class BackgroundRefresh {
        @Test
        void shouldRefreshNothingBeforeADayHasPassed() {
            warmUp();
            clock.advance(Duration.ofHours(22));

            assertThat(service.refreshDue()).isZero();
            assertThat(dns.txtQueries()).isEqualTo(1);
        }

        @Test
        void shouldRecheckTheTxtOnceADayWithoutFetchingWhenTheIdIsUnchanged() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofHours(25));

            assertThat(service.refreshDue()).isEqualTo(1);
            assertThat(service.refreshDue()).isZero();

            assertThat(dns.txtQueries()).isEqualTo(2);
            assertThat(fetcher.fetches()).isEqualTo(1);
            assertThat(service.cached(DOMAIN)).contains(policy);
            assertThat(service.lastRefreshError(DOMAIN)).isEmpty();
        }

        @Test
        void shouldRecordExactlyOneFailureAndKeepThePolicyWhenTheRefreshFails() {
            CachedPolicy policy = warmUp();
            clock.advance(Duration.ofHours(25));
            dns.publish(DOMAIN, "id2", 300);
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);

            service.refreshDue();

            assertThat(listener.refreshFailures).containsExactly(FakeFetcher.HTTP_404);
            assertThat(service.lastRefreshError(DOMAIN)).contains(FakeFetcher.HTTP_404);
            assertThat(service.lookup(DOMAIN).policy()).contains(policy);
        }

        @Test
        void shouldClearTheRefreshErrorWhenALaterRefreshSucceeds() {
            warmUp();
            clock.advance(Duration.ofHours(25));
            dns.servfail(DOMAIN);
            service.refreshDue();
            assertThat(service.lastRefreshError(DOMAIN)).isPresent();

            dns.publish(DOMAIN, "id1", 300);
            clock.advance(Duration.ofHours(2));
            service.refreshDue();

            assertThat(service.lastRefreshError(DOMAIN)).isEmpty();
        }

        @Test
        void shouldRefetchAPolicyNearItsExpiryEvenWhenTheIdIsUnchanged() {
            dns.publish(DOMAIN, "id1", 300);
            StsPolicy fourDays = FakeFetcher.policy(PolicyMode.ENFORCE, Duration.ofDays(4).getSeconds(), "mx.example.com");
            fetcher.serve(DOMAIN, fourDays);
            service.lookup(DOMAIN);

            for (int hour = 0; hour < 4 * 24 - 1; hour++) {
                clock.advance(Duration.ofHours(1));
                service.refreshDue();
            }

            // Refetched once a day before expiry (max_age 4 days: from day 3); never expired.
            assertThat(fetcher.fetches()).isEqualTo(2);
            CachedPolicy cached = service.cached(DOMAIN).get();
            assertThat(cached.expiresAt()).isAfter(clock.instant().plus(Duration.ofDays(2)));
        }
    }

    @Nested
    class BrokenCollaborators {
        @Test
        void shouldAnswerTemporarilyUnknownWhenTheResolverThrows() {
            dns.throwOnTxt(new IllegalStateException("resolver bug"));

            PolicyLookup lookup = service.lookup(DOMAIN);

            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.TEMPORARILY_UNKNOWN);
            assertThat(lookup.failure().get().sentence()).contains("resolver bug");
        }

        @Test
        void shouldAnswerNoPolicyWithAFailureWhenTheFetcherThrows() {
            dns.publish(DOMAIN, "id1", 300);
            PolicyService broken = new PolicyService(clock, dns, d -> {
                throw new IllegalStateException("fetcher bug");
            }, store, listener, PolicyServiceSettings.defaults());

            PolicyLookup lookup = broken.lookup(DOMAIN);

            assertThat(lookup.kind()).isEqualTo(PolicyLookup.Kind.NO_POLICY);
            assertThat(lookup.failure().get().code()).isEqualTo("fetch-internal-error");
        }

        @Test
        void shouldStillAnswerWhenTheListenerThrows() {
            dns.publish(DOMAIN, "id1", 300);
            fetcher.fail(DOMAIN, FakeFetcher.HTTP_404);
            PolicyService broken = new PolicyService(clock, dns, fetcher, store, (d, id, f, c) -> {
                throw new IllegalStateException("listener bug");
            }, PolicyServiceSettings.defaults());

            assertThat(broken.lookup(DOMAIN).failure()).contains(FakeFetcher.HTTP_404);
        }
    }

    @Nested
    class Administration {
        @Test
        void shouldForgetAnEvictedPolicyInMemoryAndOnDisk() {
            warmUp();

            service.evict(DOMAIN);

            assertThat(service.cached(DOMAIN)).isEmpty();
            assertThat(service.cachedPolicies()).isEmpty();
            assertThat(store.loadAll()).isEmpty();
            service.lookup(DOMAIN);
            assertThat(fetcher.fetches()).isEqualTo(2);
        }
    }

}
