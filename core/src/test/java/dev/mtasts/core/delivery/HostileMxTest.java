package dev.mtasts.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.smtp.SmtpLimits;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.smtp.HostileSmtpServer;
import dev.mtasts.testkit.tls.TestCa;

/**
 * {@link SmtpAttempt} against MX hosts that misbehave on purpose (real sockets on loopback): every one ends
 * within its configured limit or deadline, with a sentence naming it, and no MAIL FROM where none may go.
 */
class HostileMxTest {
    private static final MxCandidate MX = new MxCandidate(DomainName.of("mx1.example.test"), 10, false);
    private static final Duration SLACK = Duration.ofMillis(1500);

    private final TestCa ca = TestCa.create();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private HostileSmtpServer server(String ip, HostileSmtpServer.Behaviour behaviour) {
        HostileSmtpServer server = HostileSmtpServer.start(ip, 0, behaviour);
        closeables.add(server);
        return server;
    }

    private SmtpAttempt attempt(HostileSmtpServer server, SmtpLimits limits) {
        CertificateVerifier verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"),
                Clock.systemUTC());
        SmtpAttempt attempt = new SmtpAttempt(new SmtpSettings("sender.test", server.port(), Duration.ofSeconds(2),
                Duration.ofSeconds(10), limits), PkixSessionTrust.factory(verifier), Clock.systemUTC());
        closeables.add(attempt);
        return attempt;
    }

    static MimeMessage message(int bodyOctets) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("test");
        StringBuilder body = new StringBuilder(bodyOctets + 100);
        while (body.length() < bodyOctets) {
            body.append("a line of the body, long enough to matter.\r\n");
        }
        message.setText(body.toString());
        message.saveChanges();
        return message;
    }

    private static AttemptResult run(SmtpAttempt attempt, HostileSmtpServer server, TlsMode mode) throws Exception {
        return attempt.run(MX, server.address().getAddress(), mode,
                new Envelope("alice@sender.test", List.of("bob@example.test")), message(100));
    }

    @Nested
    class Sizes {
        @Test
        void shouldStopReadingAGiantGreetingAtTheLineLimitWithoutGrowingTheHeap() throws Exception {
            HostileSmtpServer server = server("127.0.0.61", HostileSmtpServer.giantGreeting(64L * 1024 * 1024));
            SmtpAttempt attempt = attempt(server, SmtpLimits.defaults().withSessionSetup(Duration.ofSeconds(5)));
            long before = usedHeap();
            long start = System.nanoTime();

            AttemptResult result = run(attempt, server, TlsMode.OPPORTUNISTIC);

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long grown = usedHeap() - before;
            System.out.printf("64 MiB greeting: failed after %d ms, heap grown %d KiB, server sent %d KiB%n",
                    took.toMillis(), grown / 1024, server.octetsSent() / 1024);
            assertThat(result.outcome()).isEqualTo(Outcome.CONNECTION_FAILED);
            assertThat(result.detail())
                    .isEqualTo("the greeting of mx1.example.test [127.0.0.61] exceeded 2000 octets in one line");
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(grown).isLessThan(16L * 1024 * 1024);
            assertThat(server.octetsSent()).isLessThan(64L * 1024 * 1024);
        }

        @Test
        void shouldStopAReplyOfTooManyLines() throws Exception {
            HostileSmtpServer server = server("127.0.0.62", c -> {
                for (int i = 0; i < 500; i++) {
                    c.send("220-still greeting\r\n");
                }
                c.send("220 done\r\n");
            });

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.OPPORTUNISTIC);

            assertThat(result.detail()).isEqualTo("the greeting of mx1.example.test [127.0.0.62] exceeded 100 lines");
        }

        @Test
        void shouldStopASessionThatSendsMoreThanItsBudget() throws Exception {
            String tenLines = "250-x".repeat(1).concat("y".repeat(990)).concat("\r\n").repeat(9) + "250 end\r\n";
            HostileSmtpServer server = server("127.0.0.63", c -> {
                c.send(tenLines.replace("250", "220"));
                while (c.line() != null) {
                    c.send(tenLines);
                }
            });
            SmtpLimits limits = SmtpLimits.defaults().withReplyLimits(2000, 100, 12 * 1024, 16 * 1024);

            AttemptResult result = run(attempt(server, limits), server, TlsMode.OPPORTUNISTIC);

            assertThat(result.detail()).isEqualTo("mx1.example.test [127.0.0.63] sent more than 16384 octets in one"
                    + " session (the session limit), the last while sending the reply to EHLO");
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
        }

        @Test
        void shouldFailOnAFourMebibyteEhloNameAndKeepNoName() throws Exception {
            HostileSmtpServer server = server("127.0.0.64", HostileSmtpServer.ehloName("n".repeat(4 * 1024 * 1024)));

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.OPPORTUNISTIC);

            assertThat(result.detail()).isEqualTo(
                    "the reply to EHLO of mx1.example.test [127.0.0.64] exceeded 2000 octets in one line");
            assertThat(result.serverName()).isEmpty();
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
        }

        @Test
        void shouldDeliverButNotKeepAnEhloNameThatIsNoHostName() throws Exception {
            HostileSmtpServer server = server("127.0.0.65", HostileSmtpServer.ehloName("n".repeat(1500)));

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.OPPORTUNISTIC);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.serverName()).isEmpty();
        }

        @Test
        void shouldKeepAValidEhloNameLowerCased() throws Exception {
            HostileSmtpServer server = server("127.0.0.66", HostileSmtpServer.ehloName("MX1.Example.TEST"));

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.OPPORTUNISTIC);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.serverName()).contains("mx1.example.test");
        }
    }

    @Nested
    class Deadlines {
        @Test
        void shouldEndADrippingGreetingAtTheSetUpDeadline() throws Exception {
            HostileSmtpServer server = server("127.0.0.67", HostileSmtpServer.drippingGreeting(Duration.ofMillis(100)));
            SmtpAttempt attempt = attempt(server, SmtpLimits.defaults().withSessionSetup(Duration.ofSeconds(1)));
            long start = System.nanoTime();

            AttemptResult result = run(attempt, server, TlsMode.OPPORTUNISTIC);

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("dripping MX (1 octet / 100 ms, read timeout 10 s): failed after %d ms%n", took.toMillis());
            assertThat(result.outcome()).isEqualTo(Outcome.CONNECTION_FAILED);
            assertThat(result.detail()).isEqualTo("mx1.example.test [127.0.0.67] did not send the greeting within the"
                    + " session set-up deadline of 1 s");
            assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(1).plus(SLACK));
        }

        @Test
        void shouldEndATransactionWhoseServerStopsReadingAtTheTransactionDeadline() throws Exception {
            HostileSmtpServer server = server("127.0.0.68", HostileSmtpServer.stallsInData());
            SmtpAttempt attempt = attempt(server, SmtpLimits.defaults()
                    .withTransaction(Duration.ofSeconds(1), 1_000_000_000_000L));
            MimeMessage big = message(8 * 1024 * 1024);
            long start = System.nanoTime();

            AttemptResult result = attempt.run(MX, server.address().getAddress(), TlsMode.OPPORTUNISTIC,
                    new Envelope("alice@sender.test", List.of("bob@example.test")), big);

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(result.outcome()).isEqualTo(Outcome.CONNECTION_FAILED);
            assertThat(result.detail()).startsWith("the SMTP session broke off: mx1.example.test [127.0.0.68] did not")
                    .contains("within the transaction deadline of 1 s (1 s + ");
            assertThat(result.recipients()).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(RecipientOutcome.Status.TEMPORARY_FAILURE));
            // the deadline starts after the message was measured (one pass over its 8 MiB)
            assertThat(took).isLessThan(Duration.ofSeconds(1).plus(SLACK).plus(Duration.ofSeconds(1)));
        }
    }

    @Nested
    class StartTlsThenPlaintext {
        @Test
        void shouldEndTheSessionBeforeMailFromWhenPlaintextFollowsThe220() throws Exception {
            HostileSmtpServer server = server("127.0.0.69", HostileSmtpServer.startTlsThenPlaintext(true));

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.REQUIRE_VALIDATED);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_FAILED);
            assertThat(result.tlsFailure().get().resultType()).isEqualTo(ResultType.STARTTLS_NOT_SUPPORTED);
            assertThat(result.detail()).isEqualTo("mx1.example.test [127.0.0.69] sent plaintext after its 220 reply to"
                    + " STARTTLS, before the TLS handshake (RFC 3207 §4.2: nothing before TLS may be trusted)");
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
        }

        @Test
        void shouldEndTheSessionBeforeMailFromWhenTheServerAnswersTheHandshakeInPlaintext() throws Exception {
            HostileSmtpServer server = server("127.0.0.70", HostileSmtpServer.startTlsThenPlaintext(false));

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.REQUIRE_VALIDATED);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_FAILED);
            assertThat(result.tlsFailure().get().code()).isEqualTo("tls-handshake-failed");
            assertThat(result.detail()).startsWith("the TLS handshake with mx1.example.test [127.0.0.70] failed: ");
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
            assertThat(server.receivedCommand("RCPT TO")).isFalse();
        }

        @Test
        void shouldNotFallBackToPlaintextUnderTestingEither() throws Exception {
            HostileSmtpServer server = server("127.0.0.71", HostileSmtpServer.startTlsThenPlaintext(false));

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.VALIDATE_AND_REPORT);

            assertThat(result.outcome()).isEqualTo(Outcome.CONNECTION_FAILED);
            assertThat(result.tlsFailure().get().code()).isEqualTo("tls-handshake-failed");
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
        }
    }

    @Nested
    class NoStartTls {
        @Test
        void shouldCallAStartTlsRefusedWithAReplyStartTlsNotSupportedUnderEnforce() throws Exception {
            HostileSmtpServer server = server("127.0.0.72", HostileSmtpServer.startTlsRefused());

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.REQUIRE_VALIDATED);

            assertThat(result.outcome()).isEqualTo(Outcome.TLS_FAILED);
            assertThat(result.tlsFailure().get().resultType()).isEqualTo(ResultType.STARTTLS_NOT_SUPPORTED);
            assertThat(result.detail()).isEqualTo("mx1.example.test refused STARTTLS (454 4.7.0 TLS not available); the"
                    + " MTA-STS policy requires TLS");
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
        }

        @Test
        void shouldGoOnInPlaintextAfterARefusedStartTlsWithoutAPolicy() throws Exception {
            HostileSmtpServer server = server("127.0.0.73", HostileSmtpServer.startTlsRefused());

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.OPPORTUNISTIC);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.tls()).isEmpty();
        }

        @Test
        void shouldNotFallBackToHeloUnderEnforce() throws Exception {
            HostileSmtpServer server = server("127.0.0.74", HostileSmtpServer.ehloRefused());

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.REQUIRE_VALIDATED);

            assertThat(result.tlsFailure().get().resultType()).isEqualTo(ResultType.STARTTLS_NOT_SUPPORTED);
            assertThat(result.detail()).startsWith("mx1.example.test refused EHLO (502 5.5.2 EHLO not implemented)");
            assertThat(server.receivedCommand("HELO")).isFalse();
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
        }

        @Test
        void shouldFallBackToHeloAndRecordNoStartTlsUnderTesting() throws Exception {
            HostileSmtpServer server = server("127.0.0.75", HostileSmtpServer.ehloRefused());

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.VALIDATE_AND_REPORT);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.tlsFailure().get().resultType()).isEqualTo(ResultType.STARTTLS_NOT_SUPPORTED);
            assertThat(result.serverName()).contains("mx.old.test");
            assertThat(server.received()).startsWith("EHLO sender.test", "HELO sender.test");
        }
    }

    @Nested
    class Extensions {
        @Test
        void shouldBounceWithoutSendingAMessageLargerThanTheAnnouncedSize() throws Exception {
            HostileSmtpServer server = server("127.0.0.76", HostileSmtpServer.plainMx("mx.small.test", "SIZE 1000"));

            AttemptResult result = attempt(server, SmtpLimits.defaults()).run(MX, server.address().getAddress(),
                    TlsMode.OPPORTUNISTIC, new Envelope("alice@sender.test", List.of("bob@example.test")),
                    message(5000));

            assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(result.recipients()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RecipientOutcome.Status.PERMANENT_FAILURE);
                assertThat(r.enhancedStatus()).isEqualTo("5.3.4");
                assertThat(r.reason()).startsWith("mx1.example.test [127.0.0.76] accepts messages of at most 1000"
                        + " octets (SIZE, RFC 1870); this one has ");
            });
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
        }

        @Test
        void shouldDeclareTheSizeAndSendCommandsOneByOneWithoutPipelining() throws Exception {
            HostileSmtpServer server = server("127.0.0.77", HostileSmtpServer.plainMx("mx.sized.test", "SIZE"));

            AttemptResult result = run(attempt(server, SmtpLimits.defaults()), server, TlsMode.OPPORTUNISTIC);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(server.received()).filteredOn(l -> l.startsWith("MAIL FROM"))
                    .singleElement().asString().matches("MAIL FROM:<alice@sender\\.test> SIZE=[0-9]+");
        }

        @Test
        void shouldNotSendUtf8AddressesToAnMxWithoutSmtpUtf8() throws Exception {
            HostileSmtpServer server = server("127.0.0.78", HostileSmtpServer.plainMx("mx.ascii.test"));

            AttemptResult result = attempt(server, SmtpLimits.defaults()).run(MX, server.address().getAddress(),
                    TlsMode.OPPORTUNISTIC, new Envelope("alice@sender.test", List.of("bj\u00f6rn@example.test")),
                    message(100));

            assertThat(result.recipients()).singleElement()
                    .satisfies(r -> assertThat(r.enhancedStatus()).isEqualTo("5.6.7"));
            assertThat(server.receivedCommand("MAIL FROM")).isFalse();
        }

        @Test
        void shouldAskForSmtpUtf8WhenOfferedAndNeeded() throws Exception {
            HostileSmtpServer server = server("127.0.0.79", HostileSmtpServer.plainMx("mx.utf8.test", "SMTPUTF8"));

            AttemptResult result = attempt(server, SmtpLimits.defaults()).run(MX, server.address().getAddress(),
                    TlsMode.OPPORTUNISTIC, new Envelope("alice@sender.test", List.of("bj\u00f6rn@example.test")),
                    message(100));

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(server.received()).contains("MAIL FROM:<alice@sender.test> SMTPUTF8");
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
