package dev.mtasts.core.tlsrpt.send;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.net.ssl.SSLContext;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * Settings of the daily TLS-RPT reports: who reports (organization-name, contact-info, submitter domain,
 * From address), whether reports are sent or only written to disk, the random delay after midnight, the
 * size limit of one report file, how long files are kept, and the HTTPS client's deadline, trust and allowed
 * networks.
 * Immutable and validated: {@link Builder#build()} throws {@link IllegalArgumentException} naming the
 * setting at fault.
 */
public final class ReportSettings {
    /** Default largest compressed size of one report file before it is split: 5 MiB. */
    public static final long DEFAULT_MAX_REPORT_BYTES = 5L * 1024 * 1024;
    /** At most this many bytes of an https endpoint's answer body are read; then the connection is closed. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /** At most this many mailto: mailboxes per policy domain get its reports; the rest are logged and skipped. */
    public static final int MAX_MAILBOXES = 5;
    /** At most this many https: endpoints per policy domain get its reports; the rest are logged and skipped. */
    public static final int MAX_HTTPS_ENDPOINTS = 5;

    private final String organizationName;
    private final String contactInfo;
    private final DomainName submitter;
    private final String senderAddress;
    private final boolean sendingEnabled;
    private final Duration maxRandomDelay;
    private final long maxReportBytes;
    private final int retentionDays;
    private final Duration httpsConnectTimeout;
    private final Duration httpsTimeout;
    private final List<IpNetwork> httpsAllowedNetworks;
    private final SSLContext sslContext;
    private final Duration pollInterval;

    private ReportSettings(Builder b) {
        this.organizationName = b.organizationName;
        this.contactInfo = b.contactInfo;
        this.submitter = b.submitter;
        this.senderAddress = b.senderAddress;
        this.sendingEnabled = b.sendingEnabled;
        this.maxRandomDelay = b.maxRandomDelay;
        this.maxReportBytes = b.maxReportBytes;
        this.retentionDays = b.retentionDays;
        this.httpsConnectTimeout = b.httpsConnectTimeout;
        this.httpsTimeout = b.httpsTimeout;
        this.httpsAllowedNetworks = List.copyOf(b.httpsAllowedNetworks);
        this.sslContext = b.sslContext;
        this.pollInterval = b.pollInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** RFC 8460 §4.4 {@code organization-name}. */
    public String organizationName() {
        return organizationName;
    }

    /** RFC 8460 §4.4 {@code contact-info}: a mailbox address. */
    public String contactInfo() {
        return contactInfo;
    }

    /** The TLS-Report-Submitter domain (RFC 8460 §5.3.1); by default the domain of the contact address. */
    public DomainName submitter() {
        return submitter;
    }

    /** The From address of report mails; by default the contact address. */
    public String senderAddress() {
        return senderAddress;
    }

    /** False: reports are only written to disk. Default false (report mails MUST be DKIM-signed, RFC 8460 §5.3.1). */
    public boolean sendingEnabled() {
        return sendingEnabled;
    }

    /** Reports are built after UTC midnight plus a random delay up to this (default 4 hours). */
    public Duration maxRandomDelay() {
        return maxRandomDelay;
    }

    /** Largest compressed size of one report file before the report is split (default 5 MiB). */
    public long maxReportBytes() {
        return maxReportBytes;
    }

    /** Report files and their status are deleted this many days after the day they cover (default 30). */
    public int retentionDays() {
        return retentionDays;
    }

    /** TCP connect and TLS handshake of one https endpoint address (default 10 s; capped by {@link #httpsTimeout()}). */
    public Duration httpsConnectTimeout() {
        return httpsConnectTimeout;
    }

    /**
     * One deadline for a whole https POST: the endpoint's address lookup, connect, TLS, upload, status and up
     * to {@link #MAX_RESPONSE_BYTES} of answer (default 60 s). A dripping endpoint costs its destination this
     * much, once per attempt.
     */
    public Duration httpsTimeout() {
        return httpsTimeout;
    }

    /**
     * Networks an https endpoint may be in although they are loopback, private or otherwise special (default
     * none: such endpoints are refused). For test set-ups and internal report collectors.
     */
    public List<IpNetwork> httpsAllowedNetworks() {
        return httpsAllowedNetworks;
    }

    /**
     * The trust for https report POSTs; empty means the JDK default trust anchors (the default: report
     * endpoints are public web servers, unlike the MX/policy trust store an operator may fill with private CAs).
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** How often the scheduler wakes up to look for due work (default 1 minute). */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Collects settings; not thread-safe. */
    public static final class Builder {
        private String organizationName;
        private String contactInfo;
        private DomainName submitter;
        private String senderAddress;
        private boolean sendingEnabled;
        private Duration maxRandomDelay = Duration.ofHours(4);
        private long maxReportBytes = DEFAULT_MAX_REPORT_BYTES;
        private int retentionDays = 30;
        private Duration httpsConnectTimeout = Duration.ofSeconds(10);
        private Duration httpsTimeout = Duration.ofSeconds(60);
        private List<IpNetwork> httpsAllowedNetworks = List.of();
        private SSLContext sslContext;
        private Duration pollInterval = Duration.ofMinutes(1);

        private Builder() {
        }

        public Builder organizationName(String value) {
            this.organizationName = value;
            return this;
        }

        public Builder contactInfo(String value) {
            this.contactInfo = value;
            return this;
        }

        public Builder submitter(DomainName value) {
            this.submitter = value;
            return this;
        }

        public Builder senderAddress(String value) {
            this.senderAddress = value;
            return this;
        }

        public Builder sendingEnabled(boolean value) {
            this.sendingEnabled = value;
            return this;
        }

        public Builder maxRandomDelay(Duration value) {
            this.maxRandomDelay = value;
            return this;
        }

        public Builder maxReportBytes(long value) {
            this.maxReportBytes = value;
            return this;
        }

        public Builder retentionDays(int value) {
            this.retentionDays = value;
            return this;
        }

        public Builder httpsConnectTimeout(Duration value) {
            this.httpsConnectTimeout = value;
            return this;
        }

        public Builder httpsTimeout(Duration value) {
            this.httpsTimeout = value;
            return this;
        }

        public Builder httpsAllowedNetworks(List<IpNetwork> value) {
            this.httpsAllowedNetworks = Objects.requireNonNull(value, "https allowed networks");
            return this;
        }

        public Builder sslContext(SSLContext value) {
            this.sslContext = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        /** Validates and builds; {@link IllegalArgumentException} names the first setting at fault. */
        public ReportSettings build() {
            if (organizationName == null || organizationName.isBlank()) {
                throw new IllegalArgumentException("organization-name is required");
            }
            String contact = mailbox("contact-info", contactInfo);
            if (submitter == null) {
                submitter = domainOf(contact);
            }
            senderAddress = senderAddress == null ? contact : mailbox("sender address", senderAddress);
            positive("max random delay", maxRandomDelay, true);
            if (maxRandomDelay.compareTo(Duration.ofHours(23)) > 0) {
                throw new IllegalArgumentException("max random delay must be at most 23 hours: " + maxRandomDelay);
            }
            if (maxReportBytes < 1024) {
                throw new IllegalArgumentException("report size limit must be at least 1024 bytes: " + maxReportBytes);
            }
            if (retentionDays < 1) {
                throw new IllegalArgumentException("report retention days must be at least 1: " + retentionDays);
            }
            positive("https connect timeout", httpsConnectTimeout, false);
            positive("https timeout", httpsTimeout, false);
            positive("poll interval", pollInterval, false);
            return new ReportSettings(this);
        }

        private static String mailbox(String setting, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(setting + " is required (a mailbox address)");
            }
            try {
                InternetAddress address = new InternetAddress(value.trim(), true);
                if (address.getAddress().indexOf('@') <= 0) {
                    throw new IllegalArgumentException(setting + " '" + value + "' has no domain");
                }
                return address.getAddress();
            } catch (AddressException e) {
                throw new IllegalArgumentException(setting + " '" + value + "' is not a mailbox address: "
                        + e.getMessage(), e);
            }
        }

        private static DomainName domainOf(String address) {
            Parsed<DomainName> domain = DomainName.parse(address.substring(address.lastIndexOf('@') + 1));
            if (!domain.isValid()) {
                throw new IllegalArgumentException("contact-info '" + address + "': " + domain.describeErrors());
            }
            return domain.value();
        }

        private static void positive(String setting, Duration value, boolean zeroAllowed) {
            Objects.requireNonNull(value, setting);
            if (value.isNegative() || (!zeroAllowed && value.isZero())) {
                throw new IllegalArgumentException(setting + " must be " + (zeroAllowed ? "zero or more" : "positive")
                        + ": " + value);
            }
        }
    }
}
