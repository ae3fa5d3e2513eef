package dev.mtasts.core.tlsrpt.send;

import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * Hands a finished report mail to the mail server (in James: {@code MailetContext.sendMail} into a
 * configured processor, where DKIMSign signs it, RFC 8460 §5.3.1 requires a DKIM signature). Implementations
 * are thread-safe. Returning normally means the mail server accepted the message for delivery; a
 * {@link MessagingException} means it did not, and the attempt is retried.
 */
public interface ReportMailer {
    void send(InternetAddress from, List<InternetAddress> recipients, MimeMessage message) throws MessagingException;
}
