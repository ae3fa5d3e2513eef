package dev.mtasts.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

/** Submits mail to the James under test over SMTP, as a relaying client on 127.0.0.1 would. */
final class MailSender {
    private final int port;

    MailSender(int port) {
        this.port = port;
    }

    /** Sends one message with {@code subject}; asserts that James accepted it. */
    void send(String from, String subject, String... recipients) throws IOException {
        sendWithHeaders(from, subject, "", recipients);
    }

    /** As {@link #send}, with {@code headers} ({@code "Name: value\r\n"} lines) after the Subject. */
    void sendWithHeaders(String from, String subject, String headers, String... recipients) throws IOException {
        try (SmtpSession smtp = SmtpSession.connect(port)) {
            assertThat(smtp.reply()).startsWith("220 ");
            assertThat(smtp.send("EHLO client.sender.test")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<" + from + ">")).startsWith("250");
            for (String recipient : recipients) {
                assertThat(smtp.send("RCPT TO:<" + recipient + ">")).startsWith("250");
            }
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("From: <" + from + ">\r\nSubject: " + subject + "\r\n" + headers
                + "\r\nHello from the test.\r\n."))
                .startsWith("250");
            smtp.send("QUIT");
        }
    }
}
