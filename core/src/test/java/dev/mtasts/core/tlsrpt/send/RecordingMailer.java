package dev.mtasts.core.tlsrpt.send;

import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/** A mailer that keeps what it is given, and can be told to refuse the next calls. */
public final class RecordingMailer implements ReportMailer {
    static final class Sent {
        final InternetAddress from;
        final List<InternetAddress> recipients;
        final MimeMessage message;

        Sent(InternetAddress from, List<InternetAddress> recipients, MimeMessage message) {
            this.from = from;
            this.recipients = List.copyOf(recipients);
            this.message = message;
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private int refusals;

    public synchronized RecordingMailer refuseNext(int count) {
        refusals = count;
        return this;
    }

    public synchronized List<Sent> sent() {
        return new ArrayList<>(sent);
    }

    @Override
    public synchronized void send(InternetAddress from, List<InternetAddress> recipients, MimeMessage message)
            throws MessagingException {
        if (refusals > 0) {
            refusals--;
            throw new MessagingException("452 4.3.1 spool full (test)");
        }
        sent.add(new Sent(from, recipients, message));
    }
}
