package dev.mtasts.james.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.EnhancedStatus;
import dev.mtasts.core.delivery.MxCandidate;
import dev.mtasts.core.delivery.RecipientOutcome;
import dev.mtasts.core.delivery.RecipientOutcome.Status;
import dev.mtasts.core.delivery.TlsMode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

class DeliveryStatusNotificationTest {
    private static final DomainName DOMAIN = DomainName.of("example.test");
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void shouldExplainAnEnforceFailurePerMxInAnRfc3464Report() throws Exception {
        StsPolicy policy = new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse("mx1.example.test").value()), 86400,
            List.of("version: STSv1", "mode: enforce", "mx: mx1.example.test", "max_age: 86400"));
        PolicyLookup lookup = PolicyLookup.policy(new CachedPolicy(DOMAIN, "abc123", policy, NOW));
        String sentence = "the certificate presented for mx1.example.test expired on 2026-11-01T00:00:00Z";
        AttemptResult attempt = AttemptResult.builder(new MxCandidate(DomainName.of("mx1.example.test"), 10, false), NOW)
            .address(InetAddress.getByName("192.0.2.10"))
            .tlsFailure(Failure.of(FailureCode.CERTIFICATE_EXPIRED, sentence))
            .outcome(AttemptResult.Outcome.TLS_FAILED, sentence).build();
        RecipientOutcome failed = new RecipientOutcome("bob@example.test", Status.TEMPORARY_FAILURE,
            "mx1.example.test [192.0.2.10]: " + sentence, EnhancedStatus.TLS_POLICY);
        DomainDelivery round = new DomainDelivery(DOMAIN, lookup, TlsMode.REQUIRE_VALIDATED, List.of(attempt),
            List.of(failed));
        MimeMessage original = new MimeMessage(Session.getInstance(new Properties()));
        original.setSubject("quarterly figures");
        original.setText("hello");
        original.saveChanges();

        MimeMessage dsn = DeliveryStatusNotification.build(original, "alice@sender.test", List.of(failed), round, 6,
            "mail.sender.test", new InternetAddress("postmaster@sender.test"), NOW);

        ContentType type = new ContentType(dsn.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("delivery-status");
        assertThat(dsn.getRecipients(MimeMessage.RecipientType.TO)[0].toString()).isEqualTo("alice@sender.test");
        MimeMultipart parts = (MimeMultipart) dsn.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        String human = (String) parts.getBodyPart(0).getContent();
        assertThat(human).contains("after 6 attempts").contains("bob@example.test")
            .contains("publishes an MTA-STS policy in enforce mode").contains("policy id abc123")
            .contains("mx1.example.test [192.0.2.10]: " + sentence);
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("message/delivery-status");
        String status = text(parts.getBodyPart(1));
        assertThat(status).contains("Reporting-MTA: dns; mail.sender.test")
            .contains("Final-Recipient: rfc822; bob@example.test")
            .contains("Action: failed")
            .contains("Status: 4.7.5")
            .contains("Remote-MTA: dns; mx1.example.test")
            .contains("Diagnostic-Code: X-MTA-STS; mx1.example.test [192.0.2.10]: " + sentence)
            .contains("Last-Attempt-Date: Sat, 28 Nov 2026 12:00:00 GMT");
        assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/rfc822-headers");
        assertThat(text(parts.getBodyPart(2))).contains("Subject: quarterly figures");
    }

    @Test
    void shouldQuoteTheMxReplyAsAnSmtpDiagnostic() {
        RecipientOutcome rejected = RecipientOutcome.fromReply("gone@example.test", Status.PERMANENT_FAILURE,
            "550 5.1.1 no such user");
        DomainDelivery round = new DomainDelivery(DOMAIN, PolicyLookup.noPolicy(), TlsMode.OPPORTUNISTIC, List.of(),
            List.of(rejected));

        String status = DeliveryStatusNotification.deliveryStatus(List.of(rejected), round, "mail.sender.test", NOW);

        assertThat(status).contains("Status: 5.1.1").contains("Diagnostic-Code: smtp; 550 5.1.1 no such user")
            .doesNotContain("Remote-MTA");
    }

    private static String text(javax.mail.BodyPart part) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.getDataHandler().writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
