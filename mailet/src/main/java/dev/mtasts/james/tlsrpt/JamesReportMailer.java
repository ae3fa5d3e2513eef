package dev.mtasts.james.tlsrpt;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;

import dev.mtasts.core.tlsrpt.send.ReportMailer;
import dev.mtasts.james.delivery.ReportMailMark;

/**
 * Sends TLS-RPT report mails through James: into the configured processor (where DKIMSign signs them, RFC
 * 8460 §5.3.1), from there to remote delivery. The mail carries the {@link ReportMailMark} attribute, so
 * the delivery of a report is never counted in the next report (RFC 8460 §5.3.1, no report loops). Thread-safe.
 */
public final class JamesReportMailer implements ReportMailer {
    private final MailetContext context;
    private final String processor;

    public JamesReportMailer(MailetContext context, String processor) {
        this.context = context;
        this.processor = processor;
    }

    @Override
    public void send(InternetAddress from, List<InternetAddress> recipients, MimeMessage message)
            throws MessagingException {
        List<MailAddress> to = new ArrayList<>();
        for (InternetAddress recipient : recipients) {
            to.add(new MailAddress(recipient.getAddress()));
        }
        Mail mail = MailImpl.builder()
                .name("tlsrpt-report-" + UUID.randomUUID())
                .addAttribute(ReportMailMark.attribute())
                .sender(new MailAddress(from.getAddress()))
                .addRecipients(to)
                .mimeMessage(message)
                .build();
        context.sendMail(mail, processor);
    }
}
