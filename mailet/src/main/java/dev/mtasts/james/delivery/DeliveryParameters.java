package dev.mtasts.james.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.mtasts.core.delivery.RoundLimits;
import dev.mtasts.core.delivery.SessionReuse;
import dev.mtasts.core.smtp.SmtpLimits;
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
    static final String MAX_THREADS_PER_DOMAIN = "maxThreadsPerDomain";
    static final String SESSION_SETUP_TIMEOUT = "sessionSetupTimeout";
    static final String COMMAND_TIMEOUT = "commandTimeout";
    static final String TRANSACTION_TIMEOUT = "transactionTimeout";
    static final String DATA_RATE_MIN = "dataRateMin";
    static final String ROUND_TIMEOUT = "roundTimeout";
    static final String MX_ADDRESS_LIMIT = "mxAddressLimit";
    static final String MX_SESSION_LIMIT = "mxSessionLimit";
    static final String ALLOW_LOOPBACK_MX = "allowLoopbackMx";
    static final String SESSION_REUSE_IDLE = "sessionReuseIdle";
    static final String SESSION_REUSE_TRANSACTIONS = "sessionReuseTransactions";
    static final String SESSION_REUSE_MAX_AGE = "sessionReuseMaxAge";
    static final String SESSION_REUSE_PER_DESTINATION = "sessionReusePerDestination";

    static final String DEFERRED_REPOSITORY = "deferredRepository";

    /** Every parameter this mailet reads. */
    public static final Set<String> KNOWN = Set.of(OUTGOING, DELAY_TIME, MAX_RETRIES, TIMEOUT, CONNECTION_TIMEOUT,
            BOUNCE_PROCESSOR, HELO_NAME, SMTP_PORT, DELIVERY_THREADS, MAX_THREADS_PER_DOMAIN, SESSION_SETUP_TIMEOUT, COMMAND_TIMEOUT,
            TRANSACTION_TIMEOUT, DATA_RATE_MIN, ROUND_TIMEOUT, MX_ADDRESS_LIMIT, MX_SESSION_LIMIT, ALLOW_LOOPBACK_MX,
            SESSION_REUSE_IDLE, SESSION_REUSE_TRANSACTIONS, SESSION_REUSE_MAX_AGE, SESSION_REUSE_PER_DESTINATION,
            DEFERRED_REPOSITORY);

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
    private final int maxThreadsPerDomain;
    private final SmtpLimits smtpLimits;
    private final RoundLimits roundLimits;
    private final SessionReuse sessionReuse;
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
        this.maxThreadsPerDomain = p.containsKey(MAX_THREADS_PER_DOMAIN)
                ? Integer.parseInt(p.get(MAX_THREADS_PER_DOMAIN)) : defaultThreadsPerDomain(deliveryThreads);
        SmtpLimits defaults = SmtpLimits.defaults();
        this.smtpLimits = defaults
                .withSessionSetup(duration(p, SESSION_SETUP_TIMEOUT).orElse(defaults.sessionSetup()))
                .withCommand(duration(p, COMMAND_TIMEOUT).orElse(defaults.command()))
                .withTransaction(duration(p, TRANSACTION_TIMEOUT).orElse(defaults.transaction()),
                        Long.parseLong(p.getOrDefault(DATA_RATE_MIN, String.valueOf(defaults.dataRateMin()))));
        this.roundLimits = new RoundLimits(
                Integer.parseInt(p.getOrDefault(MX_ADDRESS_LIMIT, String.valueOf(RoundLimits.DEFAULT_MX_ADDRESS_LIMIT))),
                Integer.parseInt(p.getOrDefault(MX_SESSION_LIMIT, String.valueOf(RoundLimits.DEFAULT_MX_SESSION_LIMIT))),
                duration(p, ROUND_TIMEOUT).orElse(RoundLimits.DEFAULT_ROUND_TIMEOUT),
                Boolean.parseBoolean(p.getOrDefault(ALLOW_LOOPBACK_MX, "false")));
        this.sessionReuse = "0".equals(p.get(SESSION_REUSE_IDLE)) ? SessionReuse.off() : new SessionReuse(
                duration(p, SESSION_REUSE_IDLE).orElse(SessionReuse.DEFAULT_IDLE),
                Integer.parseInt(p.getOrDefault(SESSION_REUSE_TRANSACTIONS,
                        String.valueOf(SessionReuse.DEFAULT_TRANSACTIONS))),
                duration(p, SESSION_REUSE_MAX_AGE).orElse(SessionReuse.DEFAULT_MAX_AGE),
                Integer.parseInt(p.getOrDefault(SESSION_REUSE_PER_DESTINATION,
                        String.valueOf(SessionReuse.DEFAULT_PER_DESTINATION))));
        this.deferredRepository = MailRepositoryUrl.from(p.getOrDefault(DEFERRED_REPOSITORY,
                "memory://var/mail/" + outgoing + "-deferred/"));
    }

    /** A parameter already checked by {@link #checkDuration}. */
    private static Optional<Duration> duration(Map<String, String> p, String name) {
        return p.containsKey(name) ? Optional.of(RetrySchedule.parseDelays(p.get(name), new StringBuilder()).get().get(0))
                : Optional.empty();
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
        checkThreadsPerDomain(parameters, problems);
        checkNumber(parameters, DATA_RATE_MIN, 1, Integer.MAX_VALUE, "octets a second", problems);
        checkNumber(parameters, MX_ADDRESS_LIMIT, 0, 1000, "a count, 0 for no limit", problems);
        checkNumber(parameters, MX_SESSION_LIMIT, 0, 1000, "a count, 0 for no limit", problems);
        checkNumber(parameters, SESSION_REUSE_TRANSACTIONS, 1, 100_000, "a count", problems);
        checkNumber(parameters, SESSION_REUSE_PER_DESTINATION, 1, 1000, "a count", problems);
        for (String name : List.of(SESSION_SETUP_TIMEOUT, COMMAND_TIMEOUT, TRANSACTION_TIMEOUT, ROUND_TIMEOUT,
                SESSION_REUSE_MAX_AGE)) {
            checkDuration(parameters, name, problems);
        }
        if (!"0".equals(parameters.get(SESSION_REUSE_IDLE))) {
            checkDuration(parameters, SESSION_REUSE_IDLE, problems);
        }
        String loopback = parameters.get(ALLOW_LOOPBACK_MX);
        if (loopback != null && !loopback.equals("true") && !loopback.equals("false")) {
            problems.add("parameter '" + ALLOW_LOOPBACK_MX + "'='" + loopback + "' is not true or false");
        }
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

    // --- per-destination concurrency (maxThreadsPerDomain) ---

    /** A quarter of the threads, at least one: a domain whose MX hosts stall holds at most that share. */
    static int defaultThreadsPerDomain(int deliveryThreads) {
        return Math.max(1, deliveryThreads / 4);
    }

    private static void checkThreadsPerDomain(Map<String, String> parameters, List<String> problems) {
        checkNumber(parameters, MAX_THREADS_PER_DOMAIN, 1, 1024, "a count", problems);
        String perDomain = parameters.get(MAX_THREADS_PER_DOMAIN);
        String threads = parameters.getOrDefault(DELIVERY_THREADS, "16");
        if (perDomain != null && perDomain.matches("\\d{1,4}") && threads.matches("\\d{1,4}")
                && Integer.parseInt(perDomain) > Integer.parseInt(threads)) {
            problems.add("parameter '" + MAX_THREADS_PER_DOMAIN + "'='" + perDomain + "' is more than '"
                    + DELIVERY_THREADS + "'=" + threads + "; one domain can use at most all delivery threads");
        }
    }

    /**
     * How many deliveries to one recipient domain run at once (default a quarter of {@link #deliveryThreads()},
     * at least 1). Mail for a domain at its limit waits without holding a thread.
     */
    public int maxThreadsPerDomain() {
        return maxThreadsPerDomain;
    }

    /** One duration: {@code 3m}, {@code 90 seconds}, or milliseconds; at most a day. */
    private static void checkDuration(Map<String, String> parameters, String name, List<String> problems) {
        String value = parameters.get(name);
        if (value == null) {
            return;
        }
        StringBuilder problem = new StringBuilder();
        Optional<List<Duration>> parsed = value.contains(",") || value.contains("*") ? Optional.empty()
                : RetrySchedule.parseDelays(value, problem);
        if (parsed.isEmpty() || parsed.get().size() != 1) {
            problems.add("parameter '" + name + "'='" + value + "' is not one duration; write e.g. 3m, 90s, 180000");
        } else if (parsed.get().get(0).compareTo(Duration.ofDays(1)) > 0) {
            problems.add("parameter '" + name + "'='" + value + "' is out of range: at most 1 day");
        }
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
     * Reply size limits (defaults) and the deadlines: {@code sessionSetupTimeout} (3m), {@code commandTimeout}
     * (5m), {@code transactionTimeout} (10m) + message size / {@code dataRateMin} (10240 octets a second).
     */
    public SmtpLimits smtpLimits() {
        return smtpLimits;
    }

    /**
     * {@code mxAddressLimit} (5), {@code mxSessionLimit} (2), {@code roundTimeout} (15m), {@code allowLoopbackMx}
     * (false).
     */
    public RoundLimits roundLimits() {
        return roundLimits;
    }

    /**
     * {@code sessionReuseIdle} (5s; {@code 0} turns reuse off), {@code sessionReuseTransactions} (100),
     * {@code sessionReuseMaxAge} (5m), {@code sessionReusePerDestination} (2).
     */
    public SessionReuse sessionReuse() {
        return sessionReuse;
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
