package dev.mtasts.james.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.james.mailrepository.api.MailRepositoryUrl;

/**
 * The init parameters of {@code MtaStsRemoteDelivery}, validated. Names follow RemoteDelivery where they
 * mean the same. Unknown parameters, and RemoteDelivery parameters that would bypass MTA-STS, are
 * rejected with a message naming them. Immutable.
 */
public final class DeliveryParameters {
    static final String OUTGOING = "outgoing";
    static final String DELAY_TIME = "delayTime";
    static final String MAX_RETRIES = "maxRetries";
    static final String TIMEOUT = "timeout";
    static final String CONNECTION_TIMEOUT = "connectiontimeout";
    static final String BOUNCE_PROCESSOR = "bounceProcessor";
    static final String HELO_NAME = "heloName";
    static final String SMTP_PORT = "smtpPort";
    static final String DELIVERY_THREADS = "deliveryThreads";
    static final String DEFERRED_REPOSITORY = "deferredRepository";

    /** Every parameter this mailet reads. */
    public static final Set<String> KNOWN = Set.of(OUTGOING, DELAY_TIME, MAX_RETRIES, TIMEOUT, CONNECTION_TIMEOUT,
            BOUNCE_PROCESSOR, HELO_NAME, SMTP_PORT, DELIVERY_THREADS, DEFERRED_REPOSITORY);

    /** Elements James's mailet container itself reads from a mailet's element; passed on, ignored here. */
    private static final Set<String> CONTAINER = Set.of("onMailetException", "onMatchException");

    /** RemoteDelivery parameters that cannot apply here, and why. */
    private static final Map<String, String> REFUSED = Map.of(
            "gateway", "MTA-STS applies to the recipient domain's own MX hosts; use RemoteDelivery for gateway delivery",
            "gatewayPort", "MTA-STS applies to the recipient domain's own MX hosts; use RemoteDelivery for gateway delivery",
            "startTLS", "STARTTLS is always attempted, and required under an enforce policy",
            "sslEnable", "MTA-STS is about STARTTLS on port 25, not implicit TLS",
            "verifyServerIdentity", "the certificate is checked as the MTA-STS policy in force requires");

    private final String outgoing;
    private final RetrySchedule retries;
    private final Duration timeout;
    private final Duration connectionTimeout;
    private final Optional<String> bounceProcessor;
    private final Optional<String> heloName;
    private final int smtpPort;
    private final int deliveryThreads;
    private final MailRepositoryUrl deferredRepository;

    private DeliveryParameters(Map<String, String> p, RetrySchedule retries) {
        this.outgoing = p.getOrDefault(OUTGOING, "mta-sts-outgoing");
        this.retries = retries;
        this.timeout = Duration.ofMillis(Long.parseLong(p.getOrDefault(TIMEOUT, "180000")));
        this.connectionTimeout = Duration.ofMillis(Long.parseLong(p.getOrDefault(CONNECTION_TIMEOUT, "60000")));
        this.bounceProcessor = Optional.ofNullable(p.get(BOUNCE_PROCESSOR));
        this.heloName = Optional.ofNullable(p.get(HELO_NAME));
        this.smtpPort = Integer.parseInt(p.getOrDefault(SMTP_PORT, "25"));
        this.deliveryThreads = Integer.parseInt(p.getOrDefault(DELIVERY_THREADS, "16"));
        this.deferredRepository = MailRepositoryUrl.from(p.getOrDefault(DEFERRED_REPOSITORY,
                "memory://var/mail/" + outgoing + "-deferred/"));
    }

    /**
     * Validates {@code parameters} (name to value, values trimmed).
     *
     * @throws IllegalArgumentException naming every problem, for {@code init()} to turn into a
     *         MessagingException that stops James's start-up
     */
    public static DeliveryParameters parse(Map<String, String> parameters) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>(parameters.keySet());
        for (String name : names) {
            if (REFUSED.containsKey(name)) {
                problems.add("parameter '" + name + "' is not supported: " + REFUSED.get(name));
            } else if (!KNOWN.contains(name) && !CONTAINER.contains(name)) {
                problems.add("unknown parameter '" + name + "'; known: " + new TreeSet<>(KNOWN));
            }
        }
        checkNumber(parameters, TIMEOUT, 1, Integer.MAX_VALUE, "milliseconds", problems);
        checkNumber(parameters, CONNECTION_TIMEOUT, 1, Integer.MAX_VALUE, "milliseconds", problems);
        checkNumber(parameters, MAX_RETRIES, 0, 1000, "a count", problems);
        checkNumber(parameters, SMTP_PORT, 1, 65535, "a TCP port", problems);
        checkNumber(parameters, DELIVERY_THREADS, 1, 1024, "a count", problems);
        checkRepositoryUrl(parameters.get(DEFERRED_REPOSITORY), problems);
        for (String name : List.of(OUTGOING, BOUNCE_PROCESSOR, HELO_NAME)) {
            if (parameters.containsKey(name) && parameters.get(name).isEmpty()) {
                problems.add("parameter '" + name + "' is empty; remove it or give a value");
            }
        }
        StringBuilder delayProblem = new StringBuilder();
        Optional<List<Duration>> delays = RetrySchedule.parseDelays(parameters.getOrDefault(DELAY_TIME, "6h"), delayProblem);
        if (delays.isEmpty()) {
            problems.add("parameter '" + DELAY_TIME + "': " + delayProblem);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("MtaStsRemoteDelivery: " + String.join("; ", problems));
        }
        int maxRetries = Integer.parseInt(parameters.getOrDefault(MAX_RETRIES, "5"));
        return new DeliveryParameters(parameters, RetrySchedule.of(delays.get(), maxRetries));
    }

    private static void checkRepositoryUrl(String value, List<String> problems) {
        if (value == null) {
            return;
        }
        try {
            MailRepositoryUrl.from(value);
        } catch (RuntimeException e) {
            problems.add("parameter '" + DEFERRED_REPOSITORY + "'='" + value + "' is not a mail repository URL"
                    + " (protocol://path/, e.g. memory://var/mail/mta-sts-deferred/ or"
                    + " cassandra://var/mail/mta-sts-deferred/node1/)");
        }
    }

    private static void checkNumber(Map<String, String> parameters, String name, long min, long max, String what,
            List<String> problems) {
        String value = parameters.get(name);
        if (value == null) {
            return;
        }
        try {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                problems.add("parameter '" + name + "'='" + value + "' is out of range " + min + ".." + max);
            }
        } catch (NumberFormatException e) {
            problems.add("parameter '" + name + "'='" + value + "' is not a whole number (" + what + ")");
        }
    }

    /** Name of the outgoing mail queue (default {@code mta-sts-outgoing}). */
    public String outgoing() {
        return outgoing;
    }

    public RetrySchedule retries() {
        return retries;
    }

    /** SMTP read timeout (RemoteDelivery's {@code timeout}, default 180000 ms). */
    public Duration timeout() {
        return timeout;
    }

    /** TCP connect timeout (RemoteDelivery's {@code connectiontimeout}, default 60000 ms). */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** Processor that receives failed mails instead of a DSN from this mailet, RemoteDelivery style. */
    public Optional<String> bounceProcessor() {
        return bounceProcessor;
    }

    public Optional<String> heloName() {
        return heloName;
    }

    /** Port of the MX hosts (25; other values only for test set-ups). */
    public int smtpPort() {
        return smtpPort;
    }

    /**
     * Where mails that the queue hands back before their next attempt wait ({@code deferredRepository},
     * default {@code memory://var/mail/<outgoing>-deferred/}; see {@link DeferredMails}).
     */
    public MailRepositoryUrl deferredRepository() {
        return deferredRepository;
    }

    /** How many deliveries run at once (default 16). */
    public int deliveryThreads() {
        return deliveryThreads;
    }
}
