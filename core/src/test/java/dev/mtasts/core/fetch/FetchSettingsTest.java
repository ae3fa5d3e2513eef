package dev.mtasts.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FetchSettingsTest {
    @Test
    void shouldDefaultToTenSecondConnectThirtySecondTotal64KibAndPort443() {
        FetchSettings defaults = FetchSettings.defaults();

        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.totalTimeout()).isEqualTo(Duration.ofSeconds(30))
                .as("RFC 8461 §3.3 suggests at most a minute").isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.maxBodyBytes()).isEqualTo(65536);
        assertThat(defaults.port()).isEqualTo(443);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                row("a zero connect timeout would never connect", s -> s.withConnectTimeout(Duration.ZERO), "connectTimeout"),
                row("a negative total timeout means nothing", s -> s.withTotalTimeout(Duration.ofSeconds(-1)), "totalTimeout"),
                row("a body limit of zero refuses every policy", s -> s.withMaxBodyBytes(0), "maxBodyBytes"),
                row("port 0 is not a TCP port to connect to", s -> s.withPort(0), "port"),
                row("ports stop at 65535", s -> s.withPort(65536), "port"));
    }

    private static Arguments row(String reason, Function<FetchSettings, FetchSettings> change, String setting) {
        return Arguments.of(reason, change, setting);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void shouldRefuseInvalidValuesNamingTheSetting(String reason, Function<FetchSettings, FetchSettings> change,
            String setting) {
        assertThatThrownBy(() -> change.apply(FetchSettings.defaults())).as(reason)
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(setting + " must be");
    }

    @Test
    void shouldKeepOtherValuesWhenOneChanges() {
        FetchSettings changed = FetchSettings.defaults().withPort(8443).withTotalTimeout(Duration.ofSeconds(5));

        assertThat(changed.port()).isEqualTo(8443);
        assertThat(changed.totalTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(changed.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(FetchSettings.defaults().port()).isEqualTo(443);
    }
}
