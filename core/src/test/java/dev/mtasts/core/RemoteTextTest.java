package dev.mtasts.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteTextTest {
    @Nested
    class Clean {
        @Test
        void shouldKeepPlainTextAsIs() {
            assertThat(RemoteText.clean("250 mx.example.com ready", 64)).isEqualTo("250 mx.example.com ready");
        }

        @Test
        void shouldEscapeControlCharactersWhenTheyWouldForgeALogLine() {
            assertThat(RemoteText.clean("ok\r\n2026 ERROR forged\u001b[31m", 64))
                    .isEqualTo("ok\\x0D\\x0A2026 ERROR forged\\x1B[31m");
        }

        @Test
        void shouldEscapeBidiAndLineSeparators() {
            assertThat(RemoteText.clean("a\u202eb\u2028c", 64)).isEqualTo("a<U+202E>b<U+2028>c");
        }

        @Test
        void shouldCapAndSayHowMuchWasCut() {
            String cleaned = RemoteText.clean("x".repeat(4 * 1024 * 1024), 100);
            assertThat(cleaned).hasSizeLessThanOrEqualTo(100).endsWith(" more)").startsWith("xxxx");
            int kept = cleaned.indexOf('…');
            assertThat(cleaned).endsWith("…(" + (4 * 1024 * 1024 - kept) + " more)");
        }

        @Test
        void shouldCapEscapedTextBelowTheLimitToo() {
            String cleaned = RemoteText.clean("\u0001".repeat(60), 100);
            assertThat(cleaned).hasSizeLessThanOrEqualTo(100).endsWith(" more)").startsWith("\\x01\\x01");
        }

        @Test
        void shouldTurnNullIntoEmpty() {
            assertThat(RemoteText.clean(null, 64)).isEmpty();
        }
    }

    @Nested
    class HostName {
        @ParameterizedTest
        @ValueSource(strings = {"mx.example.com", "MX.Example.COM.", "[127.0.0.1]", "[IPv6:::1]", "a_b.example"})
        void shouldAcceptHostNames(String name) {
            assertThat(RemoteText.hostName(name)).isPresent();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".", "mx..example.com", "-mx.example.com", "mx example", "mx\u0000.example",
                "[not an address]"})
        void shouldRefuseWhatIsNoHostName(String name) {
            assertThat(RemoteText.hostName(name)).isEmpty();
        }

        @Test
        void shouldRefuseAFourMebibyteName() {
            assertThat(RemoteText.hostName("a".repeat(4 * 1024 * 1024))).isEmpty();
        }

        @Test
        void shouldLowerCase() {
            assertThat(RemoteText.hostName("MX1.Example.COM")).contains("mx1.example.com");
        }
    }

    @Test
    void shouldShowTheFirstItemsAndCountTheRest() {
        assertThat(RemoteText.firstOf(List.of("a", "b", "c", "d"), 2, 16)).isEqualTo("a; b; and 2 more");
        assertThat(RemoteText.firstOf(List.of("a"), 2, 16)).isEqualTo("a");
    }
}
