package dev.mtasts.core.tlsrpt.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecorderSettingsTest {
    private static final Path DATA = Path.of("/var/james/mta-sts");

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        RecorderSettings settings = RecorderSettings.builder(DATA).build();

        assertThat(settings.aggregateDirectory()).isEqualTo(DATA.resolve("tlsrpt/aggregates"));
        assertThat(settings.tlsRptDirectory()).isEqualTo(DATA.resolve("tlsrpt"));
        assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxFailureDetailsPerPolicy()).isEqualTo(1000);
        assertThat(settings.failureLogRetentionDays()).isEqualTo(30);
        assertThat(settings.logSuccesses()).isFalse();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("a zero checkpoint interval would spin the writer",
                        (UnaryOperator<RecorderSettings.Builder>) b -> b.checkpointInterval(Duration.ZERO),
                        "checkpoint interval"),
                Arguments.of("a negative flush interval means nothing",
                        (UnaryOperator<RecorderSettings.Builder>) b -> b.logFlushInterval(Duration.ofSeconds(-1)),
                        "flush interval"),
                Arguments.of("no failure detail at all would make every failure overflow",
                        (UnaryOperator<RecorderSettings.Builder>) b -> b.maxFailureDetailsPerPolicy(0),
                        "max failure details"),
                Arguments.of("zero days of retention would delete today's log",
                        (UnaryOperator<RecorderSettings.Builder>) b -> b.failureLogRetentionDays(0), "retention"),
                Arguments.of("a queue of no lines logs nothing",
                        (UnaryOperator<RecorderSettings.Builder>) b -> b.failureLogQueueCapacity(0), "queue capacity"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void shouldNameTheSettingWhenItIsInvalid(String reason, UnaryOperator<RecorderSettings.Builder> change,
            String named) {
        assertThatThrownBy(() -> change.apply(RecorderSettings.builder(DATA)).build()).as(reason)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
    }

    @Test
    void shouldRefuseAMissingDataDirectory() {
        assertThatThrownBy(() -> RecorderSettings.builder(null).build()).hasMessageContaining("data directory");
    }
}
