package dev.mtasts.james.received;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import dev.mtasts.core.received.ReportMailParts;

/**
 * Matches a mail that is a TLS report (RFC 8460 §5.3): {@code multipart/report; report-type=tlsrpt}, or any
 * mail with an {@code application/tlsrpt+gzip} or {@code application/tlsrpt+json} part. All recipients
 * match, or none. Takes no condition. A mail whose MIME cannot be read does not match.
 *
 * <pre>{@code
 * <mailet match="dev.mtasts.james.received.IsTlsRptReport" class="dev.mtasts.james.received.IngestTlsRptReport"/>
 * }</pre>
 */
public class IsTlsRptReport extends GenericMatcher {
    private final ReportMailParts parts;

    @Inject
    public IsTlsRptReport(ReportMailParts parts) {
        this.parts = parts;
    }

    @Override
    public void init() throws MessagingException {
        if (getCondition() != null && !getCondition().isBlank()) {
            throw new MessagingException("IsTlsRptReport takes no condition, got '" + getCondition() + "'");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return parts.isReportMail(mail.getMessage()) ? mail.getRecipients() : List.of();
    }

    @Override
    public String getMatcherInfo() {
        return "Matches TLS-RPT report mails (RFC 8460 section 5.3)";
    }
}
