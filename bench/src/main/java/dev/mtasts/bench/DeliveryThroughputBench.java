package dev.mtasts.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/**
 * Delivery throughput of {@code MtaStsRemoteDelivery} against James's stock {@code RemoteDelivery}
 * ({@code startTLS} on, server identity verified), both in one James 3.8.1 memory server, both delivering to
 * the same STARTTLS SMTP sink (127.0.0.1:25).
 *
 * <pre>java -cp 'bench/target/classes:bench/target/delivery-lib/*' dev.mtasts.bench.DeliveryThroughputBench \
 *     [messages=2000] [rounds=3] [warmup=200] [deliveryThreads=16] [submitters=4]</pre>
 *
 * Run from the repository root after {@code mvn -B package -DskipTests} (as root: it binds ports 25 and 53).
 * <ul>
 *   <li>{@code a.bench.test} is routed ({@code HostIs}) to {@code MtaStsRemoteDelivery}. It publishes an enforce
 *   policy ({@code mx: mx.a.bench.test}) served over HTTPS by a policy host with a test-CA certificate; its MX
 *   {@code mx.a.bench.test} resolves (plugin resolver) to 127.0.0.1; {@code smtpPort} is 25.</li>
 *   <li>{@code b.bench.test} is routed to {@code RemoteDelivery} ({@code startTLS=true}, own {@code outgoing}
 *   queue). Its MX is {@code localhost}: RemoteDelivery resolves the MX through James's DNS, which has no port
 *   setting (so the test DNS server listens on 127.0.0.53:53), then, because it verifies the server identity,
 *   JavaMail connects by host name with the JVM's resolver, always to port 25 (MXHostAddressIterator builds
 *   {@code smtp://ip:25}): {@code localhost} is the one name the system resolver maps to the sink's
 *   address.</li>
 *   <li>The sink's certificate (names {@code localhost} and {@code mx.a.bench.test}) is issued by a test CA.
 *   The plugin trusts that CA through {@code trust.store.path}; RemoteDelivery (JavaMail's default
 *   {@code SSLSocketFactory}) through {@link SSLContext#setDefault}, set before anything uses TLS.</li>
 * </ul>
 * After a warm-up (fills the policy cache, JIT), each round submits {@code messages} mails to each domain, one
 * domain after the other, alternating which goes first, and measures from the first submission to the last
 * arrival at the sink. Prints msgs/s per mailet and round, the process CPU per message, the load average, and
 * the ratio ours/theirs of the mean throughputs.
 */
public final class DeliveryThroughputBench {
    static final String OURS_DOMAIN = "a.bench.test";
    static final String THEIRS_DOMAIN = "b.bench.test";
    private static final String SINK_ADDRESS = "127.0.0.1";
    private static final String DNS_ADDRESS = "127.0.0.53";
    private static final String POLICY_HOST_ADDRESS = "127.0.0.54";
    private static final String PASSWORD = "changeit";
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);

    private DeliveryThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int messages = Integer.parseInt(options.getOrDefault("messages", "2000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        int deliveryThreads = Integer.parseInt(options.getOrDefault("deliveryThreads", "16"));
        int submitters = Integer.parseInt(options.getOrDefault("submitters", "4"));
        Path confSamples = Paths.get(options.getOrDefault("confSamples", "conf-samples/conf"));
        Path pluginJar = options.containsKey("pluginJar") ? Paths.get(options.get("pluginJar"))
                : findPluginJar(Paths.get("bench/target/plugin"));
        checkPluginNotOnClassPath();
        System.setProperty("james.exit.on.startup.error", "false");

        TestCa ca = TestCa.create("bench test CA");
        // JavaMail (RemoteDelivery) takes SSLSocketFactory.getDefault(): make the JVM default trust the test CA.
        SSLContext.setDefault(ca.clientContext());
        Path work = Files.createTempDirectory("mta-sts-delivery-bench");
        Path trustStore = ca.writeTrustStore(work.resolve("trust.p12"), PASSWORD.toCharArray());
        int httpsPort = BenchJames.freePort();

        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            TestDnsServer dns = TestDnsServer.start(DNS_ADDRESS, 53);
            closeables.add(dns);
            dns.mx(OURS_DOMAIN, 3600, 10, "mx." + OURS_DOMAIN).a("mx." + OURS_DOMAIN, 3600, SINK_ADDRESS)
                    .txt("_mta-sts." + OURS_DOMAIN, 3600, "v=STSv1; id=bench1;")
                    .a("mta-sts." + OURS_DOMAIN, 3600, POLICY_HOST_ADDRESS)
                    .mx(THEIRS_DOMAIN, 3600, 10, "localhost").a("localhost", 3600, SINK_ADDRESS);
            TestHttpsServer policyHost = TestHttpsServer.start(java.net.InetAddress.getByName(POLICY_HOST_ADDRESS),
                    httpsPort, ca.leaf("mta-sts." + OURS_DOMAIN));
            closeables.add(policyHost);
            policyHost.respond("/.well-known/mta-sts.txt", TestResponse.policy(
                    "version: STSv1\r\nmode: enforce\r\nmx: mx." + OURS_DOMAIN + "\r\nmax_age: 86400\r\n"));
            TestSmtpSink sink;
            try {
                sink = TestSmtpSink.withStartTls(SINK_ADDRESS, 25, ca.leaf("localhost", "mx." + OURS_DOMAIN)
                        .serverContext(), "sink.bench.test");
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot bind the SMTP sink on " + SINK_ADDRESS + ":25 (RemoteDelivery"
                        + " always connects to port 25; run as root, with port 25 free)", e);
            }
            closeables.add(sink);

            Map<String, String> mtaSts = new LinkedHashMap<>();
            mtaSts.put("dns.servers", DNS_ADDRESS + ":53");
            mtaSts.put("trust.store.path", trustStore.toString());
            mtaSts.put("trust.store.password", PASSWORD);
            mtaSts.put("trust.store.type", "PKCS12");
            mtaSts.put("fetch.port", Integer.toString(httpsPort));
            BenchJames james = BenchJames.start(work.resolve("james"), confSamples, pluginJar,
                    relayProcessor(deliveryThreads), DNS_ADDRESS, "james.bench.test", mtaSts);
            closeables.add(0, james);
            BenchSubmitter submitter = new BenchSubmitter(james.smtpPort(), submitters);
            closeables.add(0, submitter);

            report("James 3.8.1 memory server up (working directory %s); plugin jar %s", james.root(), pluginJar);
            report("settings: messages=%d rounds=%d warmup=%d MtaStsRemoteDelivery deliveryThreads=%d submitters=%d,"
                    + " %d processors", messages, rounds, warmup, deliveryThreads, submitters,
                    Runtime.getRuntime().availableProcessors());
            Phases phases = new Phases(sink, submitter);
            phases.run("warm-up", OURS_DOMAIN, warmup);
            phases.run("warm-up", THEIRS_DOMAIN, warmup);
            if (policyHost.requestsTo("/.well-known/mta-sts.txt").isEmpty()) {
                throw new IllegalStateException("the plugin never fetched the policy of " + OURS_DOMAIN);
            }
            Map<String, List<Double>> rates = new HashMap<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                boolean oursFirst = round % 2 == 1;
                String first = oursFirst ? OURS_DOMAIN : THEIRS_DOMAIN;
                String second = oursFirst ? THEIRS_DOMAIN : OURS_DOMAIN;
                double firstRate = phases.run("round " + round, first, messages);
                double secondRate = phases.run("round " + round, second, messages);
                double ours = oursFirst ? firstRate : secondRate;
                double theirs = oursFirst ? secondRate : firstRate;
                rates.computeIfAbsent(OURS_DOMAIN, d -> new ArrayList<>()).add(ours);
                rates.computeIfAbsent(THEIRS_DOMAIN, d -> new ArrayList<>()).add(theirs);
                ratios.add(ours / theirs);
                report("round %d: ratio ours/theirs %.3f", round, ours / theirs);
            }
            double ours = mean(rates.get(OURS_DOMAIN));
            double theirs = mean(rates.get(THEIRS_DOMAIN));
            report("RESULT MtaStsRemoteDelivery %.1f msgs/s, RemoteDelivery %.1f msgs/s (means of %d rounds of %d"
                    + " messages); ratio ours/theirs %.3f (per round %s)", ours, theirs, rounds, messages, ours / theirs,
                    ratios.stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).reduce((a, b) -> a + ", " + b)
                            .orElse(""));
            checkAllOverTls(sink);
        } finally {
            for (AutoCloseable closeable : closeables) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    report("closing %s: %s", closeable, e);
                }
            }
            deleteTree(work);
        }
        System.exit(0);
    }

    /** Mail to {@link #OURS_DOMAIN} goes to MtaStsRemoteDelivery, to {@link #THEIRS_DOMAIN} to RemoteDelivery. */
    static String relayProcessor(int deliveryThreads) {
        return "<processor state=\"relay\" enableJmx=\"false\">\n"
                + "      <mailet match=\"HostIs=" + OURS_DOMAIN + "\" class=\"dev.mtasts.james.MtaStsRemoteDelivery\">\n"
                + "        <outgoing>mta-sts-outgoing</outgoing>\n"
                + "        <delayTime>5 * 10 minutes, 2 * 1 hour, 3 * 6 hours</delayTime>\n"
                + "        <maxRetries>10</maxRetries>\n"
                + "        <deliveryThreads>" + deliveryThreads + "</deliveryThreads>\n"
                + "        <smtpPort>25</smtpPort>\n"
                + "        <allowLoopbackMx>true</allowLoopbackMx>\n"
                + "        <heloName>james.bench.test</heloName>\n"
                + "      </mailet>\n"
                + "      <mailet match=\"HostIs=" + THEIRS_DOMAIN + "\" class=\"RemoteDelivery\">\n"
                + "        <outgoing>outgoing</outgoing>\n"
                + "        <startTLS>true</startTLS>\n"
                + "        <delayTime>5 * 10 minutes, 2 * 1 hour, 3 * 6 hours</delayTime>\n"
                + "        <maxRetries>10</maxRetries>\n"
                + "        <heloName>james.bench.test</heloName>\n"
                + "      </mailet>\n"
                + "      <mailet match=\"All\" class=\"ToRepository\">\n"
                + "        <repositoryPath>memory://var/mail/bench-unrouted/</repositoryPath>\n"
                + "      </mailet>\n"
                + "    </processor>";
    }

    /** Submits a batch to one domain and waits until all of it reached the sink. */
    private static final class Phases {
        private final TestSmtpSink sink;
        private final BenchSubmitter submitter;

        Phases(TestSmtpSink sink, BenchSubmitter submitter) {
            this.sink = sink;
            this.submitter = submitter;
        }

        double run(String label, String domain, int count) throws Exception {
            int before = sink.messages().size();
            int connectionsBefore = sink.connectionCount();
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            submitter.submit(count, "sender@sender.bench.test", "user@" + domain, label);
            double submitSeconds = (System.nanoTime() - start) / 1e9;
            List<ReceivedMessage> received = sink.awaitMessages(before + count, PHASE_TIMEOUT);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMillis = (processCpuNanos() - cpuStart) / 1e6;
            int arrived = received.size() - before;
            if (arrived < count) {
                throw new IllegalStateException(label + ": only " + arrived + " of " + count + " messages to " + domain
                        + " arrived within " + PHASE_TIMEOUT);
            }
            long wrong = received.subList(before, received.size()).stream()
                    .filter(m -> !m.recipients().get(0).endsWith("@" + domain)).count();
            if (wrong > 0) {
                throw new IllegalStateException(label + ": " + wrong + " messages for another domain arrived");
            }
            double rate = count / seconds;
            report("%s %-8s %-22s %5d msgs in %6.2f s (submitted in %5.2f s): %7.1f msgs/s, process CPU %.2f ms/msg,"
                    + " %.2f sink connections/msg, load average %.2f -> %.2f", java.time.LocalTime.now().withNano(0),
                    label, mailetOf(domain), count, seconds, submitSeconds, rate, cpuMillis / count,
                    (sink.connectionCount() - connectionsBefore) / (double) count, loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return rate;
        }
    }

    private static void checkAllOverTls(TestSmtpSink sink) {
        Map<String, long[]> byDomain = new LinkedHashMap<>();
        for (ReceivedMessage message : sink.messages()) {
            String recipient = message.recipients().get(0);
            long[] counts = byDomain.computeIfAbsent(recipient.substring(recipient.indexOf('@') + 1), d -> new long[2]);
            counts[0]++;
            if (message.overTls()) {
                counts[1]++;
            }
        }
        byDomain.forEach((domain, counts) -> report("sink: %s %d messages, %d over TLS", mailetOf(domain), counts[0],
                counts[1]));
        byDomain.values().forEach(counts -> {
            if (counts[0] != counts[1]) {
                throw new IllegalStateException("some messages arrived without TLS: the comparison is void");
            }
        });
    }

    private static String mailetOf(String domain) {
        return OURS_DOMAIN.equals(domain) ? "MtaStsRemoteDelivery" : "RemoteDelivery";
    }

    private static Path findPluginJar(Path directory) throws java.io.IOException {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException(directory + " does not exist: run `mvn -B package -DskipTests` at the"
                    + " repository root first (and run this from the repository root), or pass pluginJar=<path>");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plugin jar in " + directory));
        }
    }

    /** James loads extensions-jars/ parent-first: a plugin class on our class path would shadow the jar's. */
    private static void checkPluginNotOnClassPath() {
        try {
            Class.forName("dev.mtasts.james.MtaStsModule", false, DeliveryThroughputBench.class.getClassLoader());
        } catch (ClassNotFoundException expected) {
            return;
        }
        throw new IllegalStateException("plugin classes are on the class path (benchmarks.jar?): run with"
                + " -cp 'bench/target/classes:bench/target/delivery-lib/*'");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("arguments are key=value, not " + arg);
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return options;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    private static void report(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
