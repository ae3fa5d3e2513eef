package dev.mtasts.james.received;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.RemoteText;
import dev.mtasts.core.received.ReceivedReport;
import dev.mtasts.core.received.ReceivedReportParser;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.received.ReportMailParts;

/**
 * Reads the TLS report (RFC 8460) in a mail sent to our {@code rua} address and keeps it in the plugin's
 * store (by default {@code <data.dir>/received/}), where WebAdmin shows it ({@code GET /mta-sts/received},
 * {@code /mta-sts/dashboard}). A report already kept (same {@code report-id}, same content) is not counted
 * again. A mail whose report cannot be read is kept aside with the reason and counted, never bounced.
 *
 * <p>Then the mail goes on: to the next mailet of the processor (so that it can still be delivered to the
 * postmaster's mailbox), or, with {@code passThrough=false}, it ends here (unless storing failed: then it
 * goes on, so that nothing is lost). The outcome is set as the mail attribute {@code mta-sts.tlsrpt-ingest}:
 * {@code stored}, {@code duplicate}, {@code set-aside} or {@code store-failed}.
 *
 * <pre>{@code
 * <mailet match="dev.mtasts.james.received.IsTlsRptReport" class="dev.mtasts.james.received.IngestTlsRptReport">
 *   <passThrough>true</passThrough>
 * </mailet>
 * }</pre>
 */
public class IngestTlsRptReport extends GenericMailet {
    static final AttributeName OUTCOME = AttributeName.of("mta-sts.tlsrpt-ingest");
    private static final Logger LOG = LoggerFactory.getLogger(IngestTlsRptReport.class);
    private static final String PASS_THROUGH = "passThrough";

    private final ReportMailParts parts;
    private final ReceivedReportParser parser;
    private final ReceivedReportStore store;
    private final Clock clock;
    private boolean passThrough;

    @Inject
    public IngestTlsRptReport(ReportMailParts parts, ReceivedReportParser parser, ReceivedReportStore store,
            Clock clock) {
        this.parts = parts;
        this.parser = parser;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of(PASS_THROUGH));
        String value = getInitParameter(PASS_THROUGH, "true").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new MessagingException("IngestTlsRptReport: " + PASS_THROUGH + " must be true or false, got '"
                    + value + "'");
        }
        passThrough = Boolean.parseBoolean(value);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String outcome;
        try {
            outcome = ingest(mail.getMessage());
        } catch (IOException | MessagingException e) {
            LOG.error("MTA-STS: a received TLS report of mail {} could not be stored; the mail goes on: {}",
                    mail.getName(), e.toString());
            outcome = "store-failed";
        }
        mail.setAttribute(new Attribute(OUTCOME, AttributeValue.of(outcome)));
        if (!passThrough && !outcome.equals("store-failed")) {
            mail.setState(Mail.GHOST);
        }
    }

    private String ingest(MimeMessage message) throws IOException, MessagingException {
        Parsed<List<byte[]>> attachments = parts.attachments(message);
        if (!attachments.isValid()) {
            return setAside(message, attachments.describeErrors());
        }
        List<String> problems = new ArrayList<>();
        String outcome = "duplicate";
        for (byte[] attachment : attachments.value()) {
            Parsed<byte[]> json = parser.inflate(attachment);
            Parsed<ReceivedReport> report = json.isValid() ? parser.parseJson(json.value()) : Parsed.invalid(json.errors());
            if (!report.isValid()) {
                problems.add(report.describeErrors());
                continue;
            }
            ReceivedReportStore.Outcome stored = store.store(report.value(), json.value(), clock.instant());
            LOG.info("MTA-STS: received TLS report {} from {} about {}: {}", report.value().reportId(),
                    report.value().reporter(), report.value().day(), stored.name().toLowerCase());
            if (stored == ReceivedReportStore.Outcome.STORED) {
                outcome = "stored";
            }
        }
        if (!problems.isEmpty()) {
            return setAside(message, String.join("; ", problems));
        }
        return outcome;
    }

    private String setAside(MimeMessage message, String reason) throws IOException, MessagingException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        store.keepAside(raw.toByteArray(), reason, clock.instant());
        LOG.warn("MTA-STS: a TLS report mail could not be read and is kept aside: {}", RemoteText.clean(reason));
        return "set-aside";
    }

    @Override
    public String getMailetInfo() {
        return "Stores received TLS-RPT reports (RFC 8460) for WebAdmin";
    }
}
