package dev.mtasts.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MtaStsRemoteDelivery#service}: a mail is split by recipient domain into the outgoing queue (one mail
 * per domain, named after it), recipients without a domain name are bounced at once, and the original mail
 * ends its route (GHOST). The queue's consumer is stopped first, so the queued mails are only looked at.
 */
class MtaStsRemoteDeliveryServiceTest {
    private static final String QUEUE = "service-test-outgoing";

    @TempDir
    Path directory;

    @Test
    void shouldQueueOneMailPerDomainAndBounceAddressLiteralsWhenServiced() throws Exception {
        try (DocsSamplesTest.Wiring wiring = new DocsSamplesTest.Wiring(directory)) {
            FakeMailContext context = FakeMailContext.defaultContext();
            MtaStsRemoteDelivery mailet = wiring.initDelivery(Map.of("outgoing", QUEUE), context);
            mailet.destroy();
            Mail mail = FakeMail.builder().name("m1").state(Mail.DEFAULT).sender("sender@local.test")
                    .recipients("x@a.test", "y@b.test", "z@a.test", "w@[192.0.2.1]")
                    .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("body"))
                    .build();

            mailet.service(mail);

            assertThat(mail.getState()).isEqualTo(Mail.GHOST);
            ManageableMailQueue queue = wiring.queues().getQueue(MailQueueName.of(QUEUE)).orElseThrow();
            List<String> queued = new ArrayList<>();
            queue.browse().forEachRemaining(item -> queued.add(item.getMail().getName() + " "
                    + item.getMail().getRecipients().stream().map(MailAddress::asString).collect(Collectors.toList())));
            assertThat(queued).containsExactlyInAnyOrder("m1-to-a.test [x@a.test, z@a.test]", "m1-to-b.test [y@b.test]");
            assertThat(context.getBouncedMails()).singleElement().satisfies(bounce -> {
                assertThat(bounce.getSentMail().getRecipients()).extracting(MailAddress::asString).containsExactly("w@192.0.2.1");
                assertThat(bounce.getMessage()).contains("delivers to domain names only");
            });
        }
    }
}
