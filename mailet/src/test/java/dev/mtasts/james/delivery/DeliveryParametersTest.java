package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryParametersTest {
    @Nested
    class Defaults {
        @Test
        void shouldUseRemoteDeliveryDefaultsWhenNothingIsSet() {
            DeliveryParameters parameters = DeliveryParameters.parse(Map.of());

            assertThat(parameters.outgoing()).isEqualTo("mta-sts-outgoing");
            assertThat(parameters.retries().maxRetries()).isEqualTo(5);
            assertThat(parameters.retries().delayBefore(1)).isEqualTo(Duration.ofHours(6));
            assertThat(parameters.timeout()).isEqualTo(Duration.ofMillis(180000));
            assertThat(parameters.connectionTimeout()).isEqualTo(Duration.ofMillis(60000));
            assertThat(parameters.smtpPort()).isEqualTo(25);
            assertThat(parameters.bounceProcessor()).isEmpty();
        }

        @Test
        void shouldBoundSessionsAndRoundsAndRefuseLoopbackMxWhenNothingIsSet() {
            DeliveryParameters parameters = DeliveryParameters.parse(Map.of());

            assertThat(parameters.smtpLimits().sessionSetup()).isEqualTo(Duration.ofMinutes(3));
            assertThat(parameters.smtpLimits().command()).isEqualTo(Duration.ofMinutes(5));
            assertThat(parameters.smtpLimits().transaction()).isEqualTo(Duration.ofMinutes(10));
            assertThat(parameters.smtpLimits().dataRateMin()).isEqualTo(10240);
            assertThat(parameters.smtpLimits().lineOctets()).isEqualTo(2000);
            assertThat(parameters.roundLimits().mxAddressLimit()).isEqualTo(5);
            assertThat(parameters.roundLimits().mxSessionLimit()).isEqualTo(2);
            assertThat(parameters.roundLimits().roundTimeout()).isEqualTo(Duration.ofMinutes(15));
            assertThat(parameters.roundLimits().allowLoopbackMx()).isFalse();
            assertThat(parameters.sessionReuse().enabled()).isTrue();
            assertThat(parameters.sessionReuse().idle()).isEqualTo(Duration.ofSeconds(5));
            assertThat(parameters.sessionReuse().transactions()).isEqualTo(100);
            assertThat(parameters.sessionReuse().maxAge()).isEqualTo(Duration.ofMinutes(5));
            assertThat(parameters.sessionReuse().perDestination()).isEqualTo(2);
        }
    }

    @Nested
    class Reuse {
        @Test
        void shouldTurnReuseOffWithAZeroIdleTime() {
            assertThat(DeliveryParameters.parse(Map.of("sessionReuseIdle", "0")).sessionReuse().enabled()).isFalse();
        }

        @Test
        void shouldReadTheReuseLimits() {
            DeliveryParameters parameters = DeliveryParameters.parse(Map.of("sessionReuseIdle", "2s",
                    "sessionReuseTransactions", "10", "sessionReuseMaxAge", "1m", "sessionReusePerDestination", "4"));

            assertThat(parameters.sessionReuse().idle()).isEqualTo(Duration.ofSeconds(2));
            assertThat(parameters.sessionReuse().transactions()).isEqualTo(10);
            assertThat(parameters.sessionReuse().maxAge()).isEqualTo(Duration.ofMinutes(1));
            assertThat(parameters.sessionReuse().perDestination()).isEqualTo(4);
        }
    }

    @Nested
    class Limits {
        @Test
        void shouldReadDeadlinesAsDurationsOrMilliseconds() {
            DeliveryParameters parameters = DeliveryParameters.parse(Map.of("sessionSetupTimeout", "90s",
                    "commandTimeout", "2 minutes", "transactionTimeout", "600000", "dataRateMin", "2048",
                    "roundTimeout", "1h"));

            assertThat(parameters.smtpLimits().sessionSetup()).isEqualTo(Duration.ofSeconds(90));
            assertThat(parameters.smtpLimits().command()).isEqualTo(Duration.ofMinutes(2));
            assertThat(parameters.smtpLimits().transactionFor(2048 * 60)).isEqualTo(Duration.ofMinutes(11));
            assertThat(parameters.roundLimits().roundTimeout()).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void shouldTakeZeroAsNoLimitAndAllowLoopbackForTestSetUps() {
            DeliveryParameters parameters = DeliveryParameters.parse(Map.of("mxAddressLimit", "0",
                    "mxSessionLimit", "3", "allowLoopbackMx", "true"));

            assertThat(parameters.roundLimits().mxAddressLimit()).isZero();
            assertThat(parameters.roundLimits().mxSessionLimit()).isEqualTo(3);
            assertThat(parameters.roundLimits().allowLoopbackMx()).isTrue();
        }
    }

    @Nested
    class ThreadsPerDomain {
        @ParameterizedTest(name = "deliveryThreads={0} gives {1} per domain")
        @CsvSource({"16, 4", "8, 2", "7, 1", "3, 1", "1, 1", "1024, 256"})
        void shouldDefaultToAQuarterOfTheThreadsAndAtLeastOne(String threads, int perDomain) {
            assertThat(DeliveryParameters.parse(Map.of("deliveryThreads", threads)).maxThreadsPerDomain())
                    .isEqualTo(perDomain);
        }

        @Test
        void shouldAllowEveryThreadForOneDomainWhenSetSo() {
            assertThat(DeliveryParameters.parse(Map.of("deliveryThreads", "4", "maxThreadsPerDomain", "4"))
                    .maxThreadsPerDomain()).isEqualTo(4);
        }

        @Test
        void shouldRejectMoreThanTheThreadsWhenBothAreSet() {
            assertThatThrownBy(() -> DeliveryParameters.parse(Map.of("deliveryThreads", "4", "maxThreadsPerDomain", "5")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parameter 'maxThreadsPerDomain'='5' is more than 'deliveryThreads'=4");
        }
    }

    @Nested
    class DelayTime {
        @Test
        void shouldRepeatTheLastDelayWhenRetriesOutnumberDelays() {
            RetrySchedule schedule = DeliveryParameters.parse(Map.of("delayTime", "2*5m, 1 hour", "maxRetries", "6"))
                    .retries();

            assertThat(schedule.delayBefore(1)).isEqualTo(Duration.ofMinutes(5));
            assertThat(schedule.delayBefore(2)).isEqualTo(Duration.ofMinutes(5));
            assertThat(schedule.delayBefore(3)).isEqualTo(Duration.ofHours(1));
            assertThat(schedule.delayBefore(6)).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void shouldReadABareNumberAsMillisecondsAsRemoteDeliveryDoes() {
            assertThat(DeliveryParameters.parse(Map.of("delayTime", "5000")).retries().delayBefore(1))
                    .isEqualTo(Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest(name = "{0}={1} is rejected: {2}")
    @CsvSource(delimiter = '|', value = {
        "delayTime|5 fortnights|'5 fortnights' is not a delay",
        "delayTime|0s|more than zero",
        "maxRetries|-1|out of range",
        "maxRetries|many|not a whole number",
        "smtpPort|70000|out of range",
        "timeout|abc|not a whole number",
        "gateway|smtp.example.com|not supported: MTA-STS applies to the recipient domain's own MX hosts",
        "startTLS|false|not supported",
        "verifyServerIdentity|false|not supported",
        "outgoingQueue|x|unknown parameter 'outgoingQueue'",
        "heloName|''|is empty",
        "maxThreadsPerDomain|0|out of range",
        "maxThreadsPerDomain|17|is more than 'deliveryThreads'=16",
        "maxThreadsPerDomain|two|not a whole number",
        "sessionSetupTimeout|0s|not one duration",
        "commandTimeout|2*5m|not one duration",
        "transactionTimeout|2d|at most 1 day",
        "roundTimeout|soon|not one duration",
        "dataRateMin|0|out of range",
        "mxAddressLimit|-1|out of range",
        "mxSessionLimit|two|not a whole number",
        "allowLoopbackMx|yes|not true or false",
        "sessionReuseIdle|-1s|not one duration",
        "sessionReuseTransactions|0|out of range",
        "sessionReuseMaxAge|forever|not one duration",
        "sessionReusePerDestination|0|out of range",
    })
    void shouldRejectWithAMessageNamingTheParameter(String name, String value, String expected) {
        assertThatThrownBy(() -> DeliveryParameters.parse(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(expected);
    }
}
