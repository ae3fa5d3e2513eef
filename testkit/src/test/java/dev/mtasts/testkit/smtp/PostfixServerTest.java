package dev.mtasts.testkit.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mtasts.testkit.tls.TestCa;

/** A real Postfix, two instances at once, mail over STARTTLS with a TestCa certificate, nothing left running. */
class PostfixServerTest {
    @BeforeAll
    static void needsPostfix() {
        assumeTrue(PostfixServer.unavailableReason().isEmpty(), () -> PostfixServer.unavailableReason().get());
    }

    @Test
    void shouldAcceptMailOverVerifiedStartTlsOnTwoInstancesAndLeaveNoProcessBehind() throws Exception {
        TestCa ca = TestCa.create();
        PostfixServer one = PostfixServer.start("127.0.0.61", 0, "mx1.pf.test", "one.pf.test", ca.leaf("mx1.pf.test"));
        PostfixServer two;
        try {
            two = PostfixServer.start("127.0.0.61", 0, "mx2.pf.test", "two.pf.test", ca.leaf("mx2.pf.test"));
        } catch (RuntimeException e) {
            one.close();
            throw e;
        }
        Path oneDir = one.directory();
        List<ProcessHandle> processes;
        try {
            assertThat(one.port()).isNotEqualTo(two.port());
            send(ca, one, "mx1.pf.test", "bob@one.pf.test");
            send(ca, two, "mx2.pf.test", "carol@two.pf.test");
            send(ca, two, "mx2.pf.test", "dave@two.pf.test");

            assertThat(one.awaitDelivered(1, Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(two.awaitDelivered(2, Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(Files.readString(one.deliveredMessages().get(0))).contains("Subject: postfix test")
                    .contains("bob@one.pf.test");
            assertThat(one.connectionCount()).isEqualTo(1);
            assertThat(two.connectionCount()).isEqualTo(2);
            assertThat(one.logLines()).anyMatch(line -> line.contains("TLS connection established from"));
            processes = one.runningProcesses();
            assertThat(processes).hasSizeGreaterThan(1).contains(one.masterProcess());
        } finally {
            one.close();
            two.close();
        }
        assertThat(processes).noneMatch(PostfixServer::isRunning);
        assertThat(two.runningProcesses()).isEmpty();
        assertThat(oneDir).doesNotExist();
    }

    @Test
    void shouldRefuseAPortThatIsTaken() throws Exception {
        TestCa ca = TestCa.create();
        try (PostfixServer one = PostfixServer.start("127.0.0.62", 0, "mx.pf.test", "pf.test", ca.leaf("mx.pf.test"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> PostfixServer.start("127.0.0.62", one.port(), "mx.pf.test", "pf.test", ca.leaf("mx.pf.test")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("port is in use");
        }
    }

    private static void send(TestCa ca, PostfixServer server, String hostName, String recipient) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", server.address().getAddress().getHostAddress());
        props.put("mail.smtp.port", Integer.toString(server.port()));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.socketFactory", ca.clientContext().getSocketFactory());
        props.put("mail.smtp.localhost", "client.pf.test");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alice@client.pf.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        message.setSubject("postfix test");
        message.setText("hello " + hostName);
        Transport.send(message);
    }
}
