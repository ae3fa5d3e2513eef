package dev.mtasts.james.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.mtasts.core.DurationText;
import dev.mtasts.core.DomainName;

/**
 * The TLS-RPT settings of {@code conf/mta-sts.properties} ({@code tlsrpt.*} keys): who the reports say they
 * come from, whether they are sent, when, through which processor, and how long files are kept. Immutable.
 */
public final class TlsRptConfiguration {
    private final Optional<String> organization;
    private final Optional<String> contact;
    private final Optional<DomainName> submitter;
    private final long maxReportBytes;
    private final boolean send;
    private final String processor;
    private final Duration maxDelay;
    private final Duration pollInterval;
    private final int retentionDays;
    // set once, by withHttps on a fresh copy before it is published; volatile for safe publication
    private volatile TlsRptHttpsConfiguration https = TlsRptHttpsConfiguration.DEFAULTS;

    TlsRptConfiguration(Optional<String> organization, Optional<String> contact, Optional<DomainName> submitter,
            long maxReportBytes, boolean send, String processor, Duration maxDelay, Duration pollInterval,
            int retentionDays) {
        this.organization = Objects.requireNonNull(organization);
        this.contact = Objects.requireNonNull(contact);
        this.submitter = Objects.requireNonNull(submitter);
        this.maxReportBytes = maxReportBytes;
        this.send = send;
        this.processor = Objects.requireNonNull(processor);
        this.maxDelay = Objects.requireNonNull(maxDelay);
        this.pollInterval = Objects.requireNonNull(pollInterval);
        this.retentionDays = retentionDays;
    }

    /** {@code organization-name} of the reports; empty: the contact's domain. */
    public Optional<String> organization() {
        return organization;
    }

    /** {@code contact-info} and sender of report mails; empty: postmaster@ James's default domain. */
    public Optional<String> contact() {
        return contact;
    }

    /** The reporting domain ({@code TLS-Report-Submitter}); empty: the contact's domain. */
    public Optional<DomainName> submitter() {
        return submitter;
    }

    /** Reports whose gzip is larger are split into parts (RFC 8460 §5 receivers often cap at about 10 MB). */
    public long maxReportBytes() {
        return maxReportBytes;
    }

    /** Whether reports are sent to the rua addresses; they are written to disk either way. */
    public boolean send() {
        return send;
    }

    /** The processor report mails are sent into (where DKIMSign signs them). */
    public String processor() {
        return processor;
    }

    /** At most this long after UTC midnight the day's reports are made (RFC 8460 §4.1 random delay). */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** How often the report schedule checks whether anything is due. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Days of reports, failure logs and aggregates kept on disk. */
    public int retentionDays() {
        return retentionDays;
    }

    /** A copy with the {@code tlsrpt.https.*} settings. */
    TlsRptConfiguration withHttps(TlsRptHttpsConfiguration value) {
        TlsRptConfiguration copy = new TlsRptConfiguration(organization, contact, submitter, maxReportBytes, send,
                processor, maxDelay, pollInterval, retentionDays);
        copy.https = Objects.requireNonNull(value);
        return copy;
    }

    /** Deadline, trust and allowed networks of https report POSTs ({@code tlsrpt.https.*}). */
    public TlsRptHttpsConfiguration https() {
        return https;
    }

    @Override
    public String toString() {
        return "tlsrpt.send=" + send + ", tlsrpt.processor=" + processor + ", tlsrpt.delay.max="
                + DurationText.format(maxDelay) + ", tlsrpt.poll.interval=" + DurationText.format(pollInterval)
                + ", tlsrpt.retention.days=" + retentionDays
                + contact.map(c -> ", tlsrpt.contact=" + c).orElse("")
                + submitter.map(d -> ", tlsrpt.submitter=" + d).orElse("")
                + organization.map(o -> ", tlsrpt.organization=" + o).orElse("")
                + (https.toString().equals(TlsRptHttpsConfiguration.DEFAULTS.toString()) ? "" : ", " + https);
    }
}
