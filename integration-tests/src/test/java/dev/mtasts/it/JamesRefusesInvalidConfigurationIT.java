package dev.mtasts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An invalid conf/mta-sts.properties stops James at start-up, with a message naming the key. */
class JamesRefusesInvalidConfigurationIT {
    @TempDir
    Path workingDirectory;

    @ParameterizedTest(name = "{0}={1}: {3}")
    @CsvSource(delimiter = '|', value = {
        "fetch.timeout | abc | mta-sts.properties: fetch.timeout='abc' is not a duration; use e.g. 30s or 1m | not a duration",
        "dns.servres | 127.0.0.1 | mta-sts.properties: unknown key(s) dns.servres; the keys are | a typo in a key",
    })
    void shouldFailToStartNamingTheKeyWhenAValueIsInvalid(String key, String value, String expected, String reason)
        throws Exception {
        JamesServerHarness.Builder james = JamesServerHarness.in(workingDirectory).mtaStsProperty(key, value);

        Throwable failure = catchThrowable(james::start);

        assertThat(failure).as(reason).isNotNull();
        assertThat(configurationErrors(failure)).anySatisfy(message -> assertThat(message).startsWith(expected));
        assertThat(smtpListening(workingDirectory)).as("nothing left running after the failed start").isFalse();
    }

    /** Messages of the plugin's MtaStsConfigurationException(s) in the cause chain (matched by name: the
     *  class lives in the plugin's class loader, not on the test class path). */
    private static List<String> configurationErrors(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().equals("dev.mtasts.james.config.MtaStsConfigurationException")) {
                messages.add(cause.getMessage());
            }
        }
        return messages;
    }

    private static boolean smtpListening(Path workingDirectory) throws IOException {
        String smtpserver = Files.readString(workingDirectory.resolve("conf/smtpserver.xml"));
        int port = Integer.parseInt(smtpserver.replaceAll("(?s).*<bind>127\\.0\\.0\\.1:([0-9]+)</bind>.*", "$1"));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
