package dev.mtasts.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.policy.PolicyMode;

class RefreshScheduleTest {
    private static final Instant FETCHED = Instant.parse("2026-11-28T00:00:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private final RefreshSchedule schedule = new RefreshSchedule(PolicyServiceSettings.defaults());

    private static CachedPolicy policy(String domain, Duration maxAge) {
        return new CachedPolicy(DomainName.of(domain), "id1",
                FakeFetcher.policy(PolicyMode.ENFORCE, maxAge.getSeconds(), "mx." + domain), FETCHED);
    }

    @Test
    void shouldSpreadDailyRefreshesOverTwoHoursAcrossDomains() {
        long checked = FETCHED.toEpochMilli();
        Set<Long> distinct = new HashSet<>();
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long next = schedule.nextRefresh(policy("d" + i + ".example", Duration.ofDays(30)), checked) - checked;
            distinct.add(next);
            earliest = Math.min(earliest, next);
            latest = Math.max(latest, next);
        }
        assertThat(earliest).isGreaterThanOrEqualTo(23 * HOUR).isLessThan(23 * HOUR + HOUR / 4);
        assertThat(latest).isLessThan(25 * HOUR).isGreaterThan(25 * HOUR - HOUR / 4);
        assertThat(distinct).hasSizeGreaterThan(990);
    }

    @Test
    void shouldGiveTheSameDomainTheSameOffsetEveryTime() {
        CachedPolicy policy = policy("example.com", Duration.ofDays(30));

        assertThat(schedule.nextRefresh(policy, 0)).isEqualTo(schedule.nextRefresh(policy, 0));
    }

    @Test
    void shouldRefetchAOneDayPolicyAfterEighteenHours() {
        CachedPolicy policy = policy("example.com", Duration.ofDays(1));
        long fetched = FETCHED.toEpochMilli();

        assertThat(schedule.nextRefresh(policy, fetched)).isEqualTo(fetched + 18 * HOUR);
        assertThat(schedule.needsRefetch(policy, fetched + 18 * HOUR - 1)).isFalse();
        assertThat(schedule.needsRefetch(policy, fetched + 18 * HOUR)).isTrue();
    }

    @Test
    void shouldRefetchAOneWeekPolicyOneDayBeforeExpiry() {
        CachedPolicy policy = policy("example.com", Duration.ofDays(7));
        long fetched = FETCHED.toEpochMilli();

        assertThat(schedule.needsRefetch(policy, fetched + 6 * 24 * HOUR - 1)).isFalse();
        assertThat(schedule.needsRefetch(policy, fetched + 6 * 24 * HOUR)).isTrue();
    }

    @Test
    void shouldWaitAnHourBeforeRetryingAPolicyAlreadyDueForRefetch() {
        CachedPolicy policy = policy("example.com", Duration.ofDays(1));
        long checked = FETCHED.toEpochMilli() + 20 * HOUR;

        assertThat(schedule.nextRefresh(policy, checked)).isEqualTo(checked + HOUR);
        assertThat(schedule.nextRetry(policy, checked)).isEqualTo(checked + HOUR);
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of("negative backoff", (UnaryOperator<PolicyServiceSettings.Builder>)
                        b -> b.failedFetchBackoff(Duration.ofSeconds(-1)), "failedFetchBackoff"),
                Arguments.of("zero refresh period", (UnaryOperator<PolicyServiceSettings.Builder>)
                        b -> b.refreshPeriod(Duration.ZERO), "refreshPeriod"),
                Arguments.of("jitter as long as the period", (UnaryOperator<PolicyServiceSettings.Builder>)
                        b -> b.refreshJitter(Duration.ofDays(1)), "refreshJitter"),
                Arguments.of("max TXT TTL below the min", (UnaryOperator<PolicyServiceSettings.Builder>)
                        b -> b.maxTxtTtl(Duration.ofSeconds(1)), "maxTxtTtl"),
                Arguments.of("negative no-policy memory", (UnaryOperator<PolicyServiceSettings.Builder>)
                        b -> b.maxNoPolicyEntries(-1), "maxNoPolicyEntries"),
                Arguments.of("missing tick", (UnaryOperator<PolicyServiceSettings.Builder>)
                        b -> b.refreshTick(null), "refreshTick"),
                Arguments.of("a lookup that may not wait at all", (UnaryOperator<PolicyServiceSettings.Builder>)
                        b -> b.lookupWait(Duration.ZERO), "lookupWait"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void shouldRejectInvalidSettingsNamingTheSetting(String reason, UnaryOperator<PolicyServiceSettings.Builder> change,
            String setting) {
        assertThatThrownBy(() -> change.apply(PolicyServiceSettings.builder()).build()).as(reason)
                .hasMessageContaining(setting);
    }
}
