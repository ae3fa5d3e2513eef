package dev.mtasts.james.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import dev.mtasts.core.DurationText;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.Parsed;

/**
 * The {@code tlsrpt.*} keys of {@code conf/mta-sts.properties}:
 * <pre>
 * tlsrpt.organization    organization-name in the reports; default: the contact address's domain
 * tlsrpt.contact         contact-info of the reports and sender of report mails; default: postmaster@<James's default domain>
 * tlsrpt.submitter       the reporting domain (TLS-Report-Submitter, file names); default: the contact's domain
 * tlsrpt.size.max        a report whose gzip is larger is split into parts; bytes, 1024 to 100000000,
 *                        default 5000000 (receivers often refuse more than about 10 MB)
 * tlsrpt.send            true to send reports to each domain's rua (DKIM-sign them first); default false
 * tlsrpt.processor       processor report mails are sent into; default tlsrpt-report
 * tlsrpt.delay.max       reports are made at a random time up to this long after UTC midnight; 0s to 23h,
 *                        default 4h
 * tlsrpt.poll.interval   how often the schedule checks for due work; 1s to 1h, default 1m
 * tlsrpt.retention.days  days of reports, failure logs, aggregates and received reports kept; 1 to 3650, default 30
 * tlsrpt.https.*         https: report endpoints, see {@link TlsRptHttpsProperties}
 * </pre>
 * Invalid values throw {@link MtaStsConfigurationException} naming the key. Stateless.
 */
public final class TlsRptProperties {
    static final String ORGANIZATION = "tlsrpt.organization";
    static final String CONTACT = "tlsrpt.contact";
    static final String SUBMITTER = "tlsrpt.submitter";
    static final String SIZE_MAX = "tlsrpt.size.max";
    static final String SEND = "tlsrpt.send";
    static final String PROCESSOR = "tlsrpt.processor";
    static final String DELAY_MAX = "tlsrpt.delay.max";
    static final String POLL_INTERVAL = "tlsrpt.poll.interval";
    static final String RETENTION_DAYS = "tlsrpt.retention.days";
    public static final Set<String> KEYS = union(Set.of(ORGANIZATION, CONTACT, SUBMITTER, SIZE_MAX, SEND, PROCESSOR,
            DELAY_MAX, POLL_INTERVAL, RETENTION_DAYS), TlsRptHttpsProperties.KEYS);

    private TlsRptProperties() {
    }

    static TlsRptConfiguration parse(Map<String, String> properties) {
        return new TlsRptConfiguration(
                optional(properties, ORGANIZATION),
                optional(properties, CONTACT).map(TlsRptProperties::mailbox),
                optional(properties, SUBMITTER).map(TlsRptProperties::domain),
                size(properties.getOrDefault(SIZE_MAX, "5000000")),
                bool(properties.getOrDefault(SEND, "false")),
                optional(properties, PROCESSOR).orElse("tlsrpt-report"),
                duration(properties, DELAY_MAX, Duration.ofHours(4), Duration.ZERO, Duration.ofHours(23)),
                duration(properties, POLL_INTERVAL, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1)),
                days(properties.getOrDefault(RETENTION_DAYS, "30")))
                .withHttps(TlsRptHttpsProperties.parse(properties));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static Optional<String> optional(Map<String, String> properties, String key) {
        return Optional.ofNullable(properties.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String mailbox(String value) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            if (address.getAddress().indexOf('@') > 0) {
                return address.getAddress();
            }
        } catch (AddressException e) {
            // reported below
        }
        throw invalid(CONTACT + "='" + value + "' is not a mailbox address; use e.g. tlsrpt@example.com");
    }

    private static DomainName domain(String value) {
        Parsed<DomainName> name = DomainName.parse(value);
        if (!name.isValid()) {
            throw invalid(SUBMITTER + "='" + value + "': " + name.errors().get(0).reason());
        }
        return name.value();
    }

    private static long size(String value) {
        try {
            long bytes = Long.parseLong(value.trim());
            if (bytes >= 1024 && bytes <= 100_000_000L) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(SIZE_MAX + "='" + value + "' is not a number of bytes from 1024 to 100000000");
    }

    private static boolean bool(String value) {
        String text = value.trim();
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw invalid(SEND + "='" + value + "' is neither true nor false");
    }

    private static Duration duration(Map<String, String> properties, String key, Duration defaultValue, Duration min,
            Duration max) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        Optional<Duration> parsed = "0".equals(value.trim()) ? Optional.of(Duration.ZERO) : DurationText.parse(value);
        if (parsed.isEmpty() || parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
            throw invalid(key + "='" + value + "' is not a duration from " + DurationText.format(min) + " to "
                    + DurationText.format(max) + " (units ms, s, m, h, d)");
        }
        return parsed.get();
    }

    private static int days(String value) {
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 1 && days <= 3650) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(RETENTION_DAYS + "='" + value + "' is not a number of days from 1 to 3650");
    }

    private static MtaStsConfigurationException invalid(String problem) {
        return new MtaStsConfigurationException(MtaStsProperties.FILE_NAME + ": " + problem);
    }
}
