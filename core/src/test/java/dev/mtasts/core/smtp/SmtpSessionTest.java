package dev.mtasts.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.testkit.smtp.HostileSmtpServer;

/** The client on real loopback sockets: what goes on the wire, and what it refuses to send. */
class SmtpSessionTest {
    private final SmtpClient client = new SmtpClient(SmtpLimits.defaults(), Duration.ofSeconds(2),
            Duration.ofSeconds(5));
    private HostileSmtpServer server;

    @AfterEach
    void close() {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    private SmtpSession open(String ip, HostileSmtpServer.Behaviour behaviour) throws Exception {
        server = HostileSmtpServer.start(ip, 0, behaviour);
        SmtpSession session = client.connect("mx.example.test", InetAddress.getByName(ip), server.port(), null);
        assertThat(session.greeting().code()).isEqualTo(220);
        assertThat(session.ehlo("sender.test").isPositive()).isTrue();
        return session;
    }

    @Test
    void shouldRefuseEveryTransactionCommandOnAPlaintextSessionThatMustBeTls() throws Exception {
        try (SmtpSession session = open("127.0.0.81", HostileSmtpServer.ehloName("mx.example.test"))) {
            session.requireValidatedTls(tls -> true);

            assertThatThrownBy(() -> session.transaction("a@sender.test", List.of("b@example.test"),
                    out -> out.write('x'), 1))
                    .isInstanceOf(SmtpException.class)
                    .hasMessage("refused to send MAIL FROM to mx.example.test [127.0.0.81]: the session is not protected"
                            + " by validated TLS, which the MTA-STS policy requires (RFC 8461 §5)")
                    .extracting(e -> ((SmtpException) e).kind()).isEqualTo(SmtpException.Kind.NOT_SECURE);
        }
        assertThat(server.receivedCommand("MAIL")).isFalse();
        assertThat(server.received()).containsExactly("EHLO sender.test");
    }

    @Test
    void shouldPipelineMailAndRcptAndStuffDotsInTheData() throws Exception {
        try (SmtpSession session = open("127.0.0.82", HostileSmtpServer.ehloName("mx.example.test"))) {
            TransactionReplies replies = session.transaction("a@sender.test", List.of("b@example.test",
                    "c@example.test"), out -> out.write("Subject: x\n\n.leading dot\nlast".getBytes(
                            StandardCharsets.US_ASCII)), 30);

            assertThat(replies.mailFrom().code()).isEqualTo(250);
            assertThat(replies.recipients()).extracting(SmtpReply::code).containsExactly(250, 250);
            assertThat(replies.end().get().toString()).isEqualTo("250 2.0.0 queued");
            session.quit();
        }
        assertThat(server.received()).containsExactly("EHLO sender.test", "MAIL FROM:<a@sender.test>",
                "RCPT TO:<b@example.test>", "RCPT TO:<c@example.test>", "DATA", "Subject: x", "", "..leading dot",
                "last", ".", "QUIT");
    }

    @ParameterizedTest(name = "greeting {0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "hello\\r\\n|PROTOCOL|the greeting of mx.example.test [127.0.0.83] is not an SMTP reply: 'hello'",
        "220-a\\r\\n250 b\\r\\n|PROTOCOL|the greeting of mx.example.test [127.0.0.83] mixes reply codes 220 and 250",
        "220-a\\r\\n|NETWORK|mx.example.test [127.0.0.83] closed the connection instead of sending the greeting",
        "''|NETWORK|mx.example.test [127.0.0.83] closed the connection instead of sending the greeting",
        "600 what\\r\\n|PROTOCOL|the greeting of mx.example.test [127.0.0.83] is not an SMTP reply: '600 what'",
        "220\\u0007x\\r\\n|PROTOCOL|the greeting of mx.example.test [127.0.0.83] is not an SMTP reply: '220\\x07x'",
    })
    void shouldRefuseWhatIsNoSmtpReply(String sent, SmtpException.Kind kind, String sentence) throws Exception {
        server = HostileSmtpServer.start("127.0.0.83", 0, c -> c.send(unescape(sent).replace("\\u0007", "\u0007")));

        try (SmtpSession session = client.connect("mx.example.test", InetAddress.getByName("127.0.0.83"),
                server.port(), null)) {
            assertThatThrownBy(session::greeting).isInstanceOf(SmtpException.class).hasMessage(sentence)
                    .extracting(e -> ((SmtpException) e).kind()).isEqualTo(kind);
        }
    }

    @Test
    void shouldKeepTheLastLineOfAMultiLineReplyAndItsCode() throws Exception {
        server = HostileSmtpServer.start("127.0.0.84", 0, c -> c.send("220-first\r\n220-second\r\n220\r\n"));

        try (SmtpSession session = client.connect("mx.example.test", InetAddress.getByName("127.0.0.84"),
                server.port(), null)) {
            SmtpReply greeting = session.greeting();

            assertThat(greeting.code()).isEqualTo(220);
            assertThat(greeting.lines()).containsExactly("first", "second", "");
            assertThat(greeting.toString()).isEqualTo("220 first second");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "a\\nb|a\\r\\nb\\r\\n.\\r\\n",
        "a\\r\\nb\\r\\n|a\\r\\nb\\r\\n.\\r\\n",
        "a\\rb|a\\r\\nb\\r\\n.\\r\\n",
        ".\\n..x|..\\r\\n...x\\r\\n.\\r\\n",
        "x.y\\n.|x.y\\r\\n..\\r\\n.\\r\\n",
        "''|.\\r\\n",
    })
    void shouldWriteCrlfLineEndsAndDoubleLeadingDots(String input, String expected) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        SmtpDataStream data = new SmtpDataStream(wire, true);
        data.write(unescape(input).getBytes(StandardCharsets.US_ASCII));
        data.finish();

        assertThat(wire.toString(StandardCharsets.US_ASCII)).isEqualTo(unescape(expected));
    }

    @Test
    void shouldMeasureTheMessageWithCrlfAndWithoutStuffing() throws IOException {
        assertThat(SmtpSession.measure(out -> out.write("a\n.b\n".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(7);
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
