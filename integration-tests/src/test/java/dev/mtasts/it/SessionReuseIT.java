package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/**
 * Session reuse in a real James (issue 11): several mails to one enforce domain travel over one SMTP session,
 * every one over validated TLS; a new policy id ends reuse; TLS-RPT counts sessions (RFC 8460 §4.4), so the
 * day's successful sessions in WebAdmin equal the connections the MX saw. Each mail is sent once the previous
 * one is logged as delivered: by then its session is back in the pool (the pool takes it before the mailet
 * logs), so the count of connections is exact, not a race. {@code sessionReuseIdle} is long enough that a
 * busy test machine cannot let an idle session expire between two mails.
 */
@JamesSettings(mailet = "sessionReuseIdle=60s")
class SessionReuseIT extends DeliveryScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldCarryTenMailsOverOneSessionAndCountItOnceForTlsRpt() throws Exception {
        TestSmtpSink mx = world.mx("reuse.test", 10, "mx1.reuse.test", MxKind.GOOD);
        world.publishPolicy("reuse.test", "id1", policy("enforce", "mx1.reuse.test"));

        for (int i = 1; i <= 10; i++) {
            sendAndAwaitDelivered("reuse.test", "reuse " + i, i);
        }

        List<ReceivedMessage> received = mx.messages();
        assertThat(received).hasSize(10);
        assertThat(received).allSatisfy(message -> {
            assertThat(message.overTls()).isTrue();
            assertThat(message.sniHostName()).isEqualTo("mx1.reuse.test");
            assertThat(message.recipients()).containsExactly("bob@reuse.test");
        });
        assertThat(mx.connectionCount()).isEqualTo(1);
        assertThat(awaitSuccessfulSessions("reuse.test", mx.connectionCount())).isEqualTo(1);
    }

    @Test
    void shouldOpenANewSessionOnceThePolicyIdChanges() throws Exception {
        TestSmtpSink mx = world.mx("rotate.test", 10, "mx1.rotate.test", MxKind.GOOD);
        world.publishPolicy("rotate.test", "id1", policy("enforce", "mx1.rotate.test"));
        sendAndAwaitDelivered("rotate.test", "rotate 1", 1);
        sendAndAwaitDelivered("rotate.test", "rotate 2", 2);
        assertThat(mx.connectionCount()).isEqualTo(1);

        // RFC 8461 §3.3 rotation: a new id (and content); the refresh route makes James take it at once.
        world.publishPolicy("rotate.test", "id2", policy("enforce", "mx1.rotate.test", "mx2.rotate.test"));
        assertThat(webAdmin.post("/mta-sts/policies/rotate.test/refresh").body()).contains("id2");
        sendAndAwaitDelivered("rotate.test", "rotate 3", 3);
        sendAndAwaitDelivered("rotate.test", "rotate 4", 4);

        assertThat(mx.connectionCount()).isEqualTo(2);
        assertThat(awaitLogLine("MTA-STS delivered", "domain=rotate.test", "id=id2")).contains("policy=enforce");
        assertThat(mx.messages()).hasSize(4).allSatisfy(message -> {
            assertThat(message.overTls()).isTrue();
            assertThat(message.sniHostName()).isEqualTo("mx1.rotate.test");
        });
        assertThat(awaitSuccessfulSessions("rotate.test", mx.connectionCount())).isEqualTo(2);
    }

    /** Sends one mail to {@code domain} and waits until the mailet has logged {@code count} deliveries there. */
    private static void sendAndAwaitDelivered(String domain, String subject, int count) throws Exception {
        mail.send(SENDER, subject, "bob@" + domain);
        Eventually.await(count + " deliveries to " + domain + " logged",
            () -> james.logLines().stream()
                .filter(l -> l.contains("MTA-STS delivered") && l.contains("domain=" + domain + " ")).count(),
            logged -> logged == count);
    }

    /** Waits until WebAdmin's totals of today count {@code expected} successful sessions for {@code domain}. */
    private static long awaitSuccessfulSessions(String domain, long expected) throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode totals = Eventually.await(domain + "'s successful sessions in WebAdmin's day totals",
            () -> domainTotals(JSON.readTree(webAdmin.get("/mta-sts/reports/" + today).body()), domain),
            node -> node.path("successful_sessions").asLong() == expected);
        assertThat(totals.path("failed_sessions").asLong()).isZero();
        return totals.path("successful_sessions").asLong();
    }

    private static JsonNode domainTotals(JsonNode day, String name) {
        for (JsonNode domain : day.path("domains")) {
            if (domain.path("domain").asText().equals(name)) {
                return domain;
            }
        }
        return JSON.createObjectNode();
    }
}
