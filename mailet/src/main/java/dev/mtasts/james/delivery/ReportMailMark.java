package dev.mtasts.james.delivery;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The mail attribute that marks a TLS report this server sends (RFC 8460 §5.3). Set where the report mail is
 * created; read when it is delivered: its sessions are logged but never counted in the next report (§5.3.1,
 * no report loops), and its {@code TLS-Required: No} is honoured even under {@code tls.required.header=ignore}
 * (reports must get through despite TLS failures). Mail attributes are James's own: no sender can set one.
 */
public final class ReportMailMark {
    /** {@code dev.mtasts.tlsrptReport}, value {@code true}. */
    public static final AttributeName ATTRIBUTE = AttributeName.of("dev.mtasts.tlsrptReport");

    private ReportMailMark() {
    }

    /** The attribute to add to a report mail when it is built. */
    public static Attribute attribute() {
        return new Attribute(ATTRIBUTE, AttributeValue.of(true));
    }

    /** True when {@code mail} carries the mark. */
    public static boolean isReport(Mail mail) {
        return mail.getAttribute(ATTRIBUTE).map(a -> Boolean.TRUE.equals(a.getValue().value())).orElse(false);
    }
}
