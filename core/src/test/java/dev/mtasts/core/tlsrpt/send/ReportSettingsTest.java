package dev.mtasts.core.tlsrpt.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.core.DomainName;

class ReportSettingsTest {
    private static ReportSettings.Builder valid() {
        return ReportSettings.builder().organizationName("Sender Org").contactInfo("tlsrpt@mail.sender.example");
    }

    @Test
    void shouldApplyTheDocumentedDefaultsWhenOnlyTheRequiredSettingsAreGiven() {
        ReportSettings settings = valid().build();

        assertThat(settings.submitter()).isEqualTo(DomainName.of("mail.sender.example"));
        assertThat(settings.senderAddress()).isEqualTo("tlsrpt@mail.sender.example");
        assertThat(settings.sendingEnabled()).isFalse();
        assertThat(settings.maxRandomDelay()).isEqualTo(Duration.ofHours(4));
        assertThat(settings.maxReportBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(settings.retentionDays()).isEqualTo(30);
        assertThat(settings.sslContext()).as("report endpoints: the JDK's trust anchors").isEmpty();
        assertThat(settings.httpsTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.httpsConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.httpsAllowedNetworks()).as("no special network allowed").isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("organization-name", (UnaryOperator<ReportSettings.Builder>) b -> b.organizationName(" ")),
                Arguments.of("contact-info", (UnaryOperator<ReportSettings.Builder>) b -> b.contactInfo(null)),
                Arguments.of("contact-info", (UnaryOperator<ReportSettings.Builder>) b -> b.contactInfo("not an address")),
                Arguments.of("sender address", (UnaryOperator<ReportSettings.Builder>) b -> b.senderAddress("a@@b")),
                Arguments.of("max random delay", (UnaryOperator<ReportSettings.Builder>) b -> b.maxRandomDelay(Duration.ofHours(-1))),
                Arguments.of("max random delay", (UnaryOperator<ReportSettings.Builder>) b -> b.maxRandomDelay(Duration.ofHours(24))),
                Arguments.of("report size limit", (UnaryOperator<ReportSettings.Builder>) b -> b.maxReportBytes(10)),
                Arguments.of("retention", (UnaryOperator<ReportSettings.Builder>) b -> b.retentionDays(0)),
                Arguments.of("https connect timeout", (UnaryOperator<ReportSettings.Builder>) b -> b.httpsConnectTimeout(Duration.ZERO)),
                Arguments.of("https timeout", (UnaryOperator<ReportSettings.Builder>) b -> b.httpsTimeout(Duration.ofSeconds(-1))),
                Arguments.of("poll interval", (UnaryOperator<ReportSettings.Builder>) b -> b.pollInterval(Duration.ZERO)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void shouldNameTheSettingWhenItIsInvalid(String setting, UnaryOperator<ReportSettings.Builder> change) {
        assertThatThrownBy(() -> change.apply(valid()).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(setting);
    }
}
