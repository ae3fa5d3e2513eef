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

import dev.mtasts.testkit.net.FreePorts;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
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
    static final String OURS = "MtaStsRemoteDelivery";
    static final String THEIRS = "RemoteDelivery";
    static final String CEILING_DOMAIN = "c.bench.test";
    static final String CEILING_REPOSITORY = "memory://var/mail/bench-ceiling/";
    /** The same repository as WebAdmin names it. */
    static final String CEILING_REPOSITORY_PATH = "var/mail/bench-ceiling";
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
        int domainCount = Integer.parseInt(options.getOrDefault("domains", "1"));
        String targetKind = options.getOrDefault("target", "sink");
        boolean ceiling = Boolean.parseBoolean(options.getOrDefault("ceiling", "true"));
        Path confSamples = Paths.get(options.getOrDefault("confSamples", "conf-samples/conf"));
        Path pluginJar = options.containsKey("pluginJar") ? Paths.get(options.get("pluginJar"))
                : findPluginJar(Paths.get("bench/target/plugin"));
        checkPluginNotOnClassPath();
        System.setProperty("james.exit.on.startup.error", "false");
        Map<String, List<String>> domains = new LinkedHashMap<>();
        domains.put(OURS, domains("a", domainCount));
        domains.put(THEIRS, domains("b", domainCount));

        TestCa ca = TestCa.create("bench test CA");
        // JavaMail (RemoteDelivery) takes SSLSocketFactory.getDefault(): make the JVM default trust the test CA.
        SSLContext.setDefault(ca.clientContext());
        Path work = Files.createTempDirectory("mta-sts-delivery-bench");
        Path trustStore = ca.writeTrustStore(work.resolve("trust.p12"), PASSWORD.toCharArray());
        int httpsPort = FreePorts.loopback();

        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            TestDnsServer dns = TestDnsServer.start(DNS_ADDRESS, 53);
            closeables.add(dns);
            List<String> policyHosts = new ArrayList<>();
            for (String domain : domains.get(OURS)) {
                // One label below bench.test, so the policy's "mx: *.bench.test" and the target's certificate match.
                String mx = "mx-" + domain;
                dns.mx(domain, 3600, 10, mx).a(mx, 3600, SINK_ADDRESS)
                        .txt("_mta-sts." + domain, 3600, "v=STSv1; id=bench1;")
                        .a("mta-sts." + domain, 3600, POLICY_HOST_ADDRESS);
                policyHosts.add("mta-sts." + domain);
            }
            for (String domain : domains.get(THEIRS)) {
                dns.mx(domain, 3600, 10, "localhost");
            }
            dns.a("localhost", 3600, SINK_ADDRESS);
            TestHttpsServer policyHost = TestHttpsServer.start(java.net.InetAddress.getByName(POLICY_HOST_ADDRESS),
                    httpsPort, ca.leaf(policyHosts.toArray(new String[0])));
            closeables.add(policyHost);
            policyHost.respond("/.well-known/mta-sts.txt", TestResponse.policy(
                    "version: STSv1\r\nmode: enforce\r\nmx: *.bench.test\r\nmax_age: 86400\r\n"));
            List<String> allDomains = new ArrayList<>(domains.get(OURS));
            allDomains.addAll(domains.get(THEIRS));
            BenchTarget target;
            try {
                target = BenchTarget.start(targetKind, SINK_ADDRESS, ca, allDomains);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot start the " + targetKind + " target on " + SINK_ADDRESS
                        + ":25 (RemoteDelivery always connects to port 25; run as root, with port 25 free)", e);
            }
            closeables.add(target);

            Map<String, String> mtaSts = new LinkedHashMap<>();
            mtaSts.put("dns.servers", DNS_ADDRESS + ":53");
            mtaSts.put("trust.store.path", trustStore.toString());
            mtaSts.put("trust.store.password", PASSWORD);
            mtaSts.put("trust.store.type", "PKCS12");
            mtaSts.put("fetch.port", Integer.toString(httpsPort));
            BenchJames james = BenchJames.start(work.resolve("james"), confSamples, pluginJar,
                    relayProcessor(deliveryThreads, domains.get(OURS), domains.get(THEIRS)), DNS_ADDRESS,
                    "james.bench.test", mtaSts);
            closeables.add(0, james);
            BenchSubmitter submitter = new BenchSubmitter(james.smtpPort(), submitters);
            closeables.add(0, submitter);

            report("James 3.8.1 memory server up (working directory %s); plugin jar %s", james.root(), pluginJar);
            report("target: %s", target);
            report("settings: messages=%d rounds=%d warmup=%d MtaStsRemoteDelivery deliveryThreads=%d submitters=%d"
                    + " domains=%d per delivery (round robin), %d processors", messages, rounds, warmup,
                    deliveryThreads, submitters, domainCount, Runtime.getRuntime().availableProcessors());
            Phases phases = new Phases(target, submitter, james);
            phases.run("warm-up", OURS, domains.get(OURS), warmup);
            phases.run("warm-up", THEIRS, domains.get(THEIRS), warmup);
            if (policyHost.requestsTo("/.well-known/mta-sts.txt").isEmpty()) {
                throw new IllegalStateException("the plugin never fetched a policy");
            }
            if (ceiling) {
                phases.runCeiling("ceiling", warmup);
            }
            Map<String, List<Phase>> results = new HashMap<>();
            for (int round = 1; round <= rounds; round++) {
                boolean oursFirst = round % 2 == 1;
                List<String> order = oursFirst ? List.of(OURS, THEIRS) : List.of(THEIRS, OURS);
                for (String mailet : order) {
                    results.computeIfAbsent(mailet, m -> new ArrayList<>())
                            .add(phases.run("round " + round, mailet, domains.get(mailet), messages));
                }
                if (ceiling) {
                    results.computeIfAbsent("ceiling", m -> new ArrayList<>())
                            .add(phases.runCeiling("round " + round, messages));
                }
                Phase ours = results.get(OURS).get(round - 1);
                Phase theirs = results.get(THEIRS).get(round - 1);
                report("round %d: ratio ours/theirs %.3f msgs/s, CPU per message ours/theirs %.3f", round,
                        ours.rate / theirs.rate, ours.cpuMillisPerMessage / theirs.cpuMillisPerMessage);
            }
            double ours = mean(results.get(OURS), p -> p.rate);
            double theirs = mean(results.get(THEIRS), p -> p.rate);
            report("RESULT target=%s domains=%d: MtaStsRemoteDelivery %.1f msgs/s (%.2f ms CPU/msg, %.2f"
                    + " connections/msg), RemoteDelivery %.1f msgs/s (%.2f ms CPU/msg, %.2f connections/msg)%s;"
                    + " means of %d rounds of %d messages; ratio ours/theirs %.3f (per round %s)", targetKind,
                    domainCount, ours, mean(results.get(OURS), p -> p.cpuMillisPerMessage),
                    mean(results.get(OURS), p -> p.connectionsPerMessage), theirs,
                    mean(results.get(THEIRS), p -> p.cpuMillisPerMessage),
                    mean(results.get(THEIRS), p -> p.connectionsPerMessage),
                    ceiling ? String.format(Locale.ROOT, ", ceiling (no delivery) %.1f msgs/s (%.2f ms CPU/msg)",
                            mean(results.get("ceiling"), p -> p.rate),
                            mean(results.get("ceiling"), p -> p.cpuMillisPerMessage)) : "",
                    rounds, messages, ours / theirs, perRound(results.get(OURS), results.get(THEIRS)));
            target.checkAllOverTls((who, text) -> report("target: %s %s", who, text));
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

    private static List<String> domains(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(prefix + i + ".bench.test");
        }
        return names;
    }

    private static String perRound(List<Phase> ours, List<Phase> theirs) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(String.format(Locale.ROOT, "%.3f", ours.get(i).rate / theirs.get(i).rate));
        }
        return String.join(", ", ratios);
    }

    /**
     * Mail to {@code ours} goes to MtaStsRemoteDelivery, to {@code theirs} to RemoteDelivery, to
     * {@link #CEILING_DOMAIN} straight into a memory repository (James's own cost, no delivery).
     */
    static String relayProcessor(int deliveryThreads, List<String> ours, List<String> theirs) {
        return "<processor state=\"relay\" enableJmx=\"false\">\n"
                + "      <mailet match=\"HostIs=" + String.join(",", ours)
                + "\" class=\"dev.mtasts.james.MtaStsRemoteDelivery\">\n"
                + "        <outgoing>mta-sts-outgoing</outgoing>\n"
                + "        <delayTime>5 * 10 minutes, 2 * 1 hour, 3 * 6 hours</delayTime>\n"
                + "        <maxRetries>10</maxRetries>\n"
                + "        <deliveryThreads>" + deliveryThreads + "</deliveryThreads>\n"
                + "        <smtpPort>25</smtpPort>\n"
                + "        <allowLoopbackMx>true</allowLoopbackMx>\n"
                + "        <heloName>james.bench.test</heloName>\n"
                + "      </mailet>\n"
                + "      <mailet match=\"HostIs=" + String.join(",", theirs) + "\" class=\"RemoteDelivery\">\n"
                + "        <outgoing>outgoing</outgoing>\n"
                + "        <startTLS>true</startTLS>\n"
                + "        <delayTime>5 * 10 minutes, 2 * 1 hour, 3 * 6 hours</delayTime>\n"
                + "        <maxRetries>10</maxRetries>\n"
                + "        <heloName>james.bench.test</heloName>\n"
                + "      </mailet>\n"
                + "      <mailet match=\"HostIs=" + CEILING_DOMAIN + "\" class=\"ToRepository\">\n"
                + "        <repositoryPath>" + CEILING_REPOSITORY + "</repositoryPath>\n"
                + "      </mailet>\n"
                + "      <mailet match=\"All\" class=\"ToRepository\">\n"
                + "        <repositoryPath>memory://var/mail/bench-unrouted/</repositoryPath>\n"
                + "      </mailet>\n"
                + "    </processor>";
    }

    /** What one phase measured. */
    private static final class Phase {
        final double rate;
        final double cpuMillisPerMessage;
        final double connectionsPerMessage;

        Phase(double rate, double cpuMillisPerMessage, double connectionsPerMessage) {
            this.rate = rate;
            this.cpuMillisPerMessage = cpuMillisPerMessage;
            this.connectionsPerMessage = connectionsPerMessage;
        }
    }

    /** Submits a batch to one delivery's domains and waits until all of it reached the target. */
    private static final class Phases {
        private final BenchTarget target;
        private final BenchSubmitter submitter;
        private final BenchJames james;

        Phases(BenchTarget target, BenchSubmitter submitter, BenchJames james) {
            this.target = target;
            this.submitter = submitter;
            this.james = james;
        }

        Phase run(String label, String mailet, List<String> domains, int count) throws Exception {
            List<String> recipients = new ArrayList<>();
            domains.forEach(domain -> recipients.add("user@" + domain));
            int before = target.arrived();
            int connectionsBefore = target.connections();
            Measure measure = new Measure();
            submitter.submit(count, "sender@sender.bench.test", recipients, label);
            double submitSeconds = measure.seconds();
            int arrived = target.awaitArrived(before + count, PHASE_TIMEOUT) - before;
            if (arrived < count) {
                throw new IllegalStateException(label + ": only " + arrived + " of " + count + " messages for "
                        + mailet + " arrived within " + PHASE_TIMEOUT);
            }
            return measure.report(label, mailet, count, submitSeconds,
                    (target.connections() - connectionsBefore) / (double) count);
        }

        /** James alone: the same submissions, relayed into a memory repository instead of delivered. */
        Phase runCeiling(String label, int count) throws Exception {
            int before = james.repositorySize(CEILING_REPOSITORY_PATH);
            Measure measure = new Measure();
            submitter.submit(count, "sender@sender.bench.test", "user@" + CEILING_DOMAIN, label);
            double submitSeconds = measure.seconds();
            long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
            while (james.repositorySize(CEILING_REPOSITORY_PATH) < before + count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(label + ": the ceiling run did not finish within " + PHASE_TIMEOUT);
                }
                Thread.sleep(20);
            }
            return measure.report(label, "ceiling (no delivery)", count, submitSeconds, 0);
        }
    }

    /** Wall time, process CPU and load average from its creation. */
    private static final class Measure {
        private final long start = System.nanoTime();
        private final long cpuStart = processCpuNanos();
        private final double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        Phase report(String label, String mailet, int count, double submitSeconds, double connectionsPerMessage) {
            double seconds = seconds();
            double cpuMillis = (processCpuNanos() - cpuStart) / 1e6;
            double rate = count / seconds;
            DeliveryThroughputBench.report("%s %-8s %-22s %5d msgs in %6.2f s (submitted in %5.2f s): %7.1f msgs/s,"
                    + " James process CPU %.2f ms/msg, %.2f target connections/msg, load average %.2f -> %.2f",
                    java.time.LocalTime.now().withNano(0), label, mailet, count, seconds, submitSeconds, rate,
                    cpuMillis / count, connectionsPerMessage, loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return new Phase(rate, cpuMillis / count, connectionsPerMessage);
        }
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

    private static double mean(List<Phase> phases, java.util.function.ToDoubleFunction<Phase> value) {
        return phases.stream().mapToDouble(value).average().orElse(Double.NaN);
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
