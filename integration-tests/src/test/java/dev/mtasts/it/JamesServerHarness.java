package dev.mtasts.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;

import dev.mtasts.testkit.net.FreePorts;

/**
 * A real Apache James 3.8.1 memory server in the test JVM, started from {@code conf-samples/conf} with the
 * plugin jar in {@code extensions-jars/}, exactly as an operator would run it. Start-up takes a few
 * seconds: share one server per test class ({@code @BeforeAll}/{@code @AfterAll}).
 *
 * <p>The harness applies these overrides to the copied samples: SMTP and WebAdmin on free ephemeral ports
 * of 127.0.0.1; James's own DNS client (dnsservice.xml) pointed at 127.0.0.1:53 instead of the system's
 * resolvers, so that nothing leaves the machine; then whatever the test adds through {@link Builder}.
 *
 * <p>Not thread-safe: start, restart and close from the test thread. {@link Builder#start()} and
 * {@link #restart()} throw what James's start-up throws (e.g. a Guice exception wrapping
 * {@code MtaStsConfigurationException}), after stopping whatever had started.
 */
public final class JamesServerHarness implements AutoCloseable {
    /** Read once by GuiceJamesServer: unless "false", a start-up error ends the JVM with System.exit(1). */
    static final String EXIT_ON_STARTUP_ERROR = "james.exit.on.startup.error";

    private final JamesWorkingDirectory directory;
    private final int smtpPort;
    private final int webAdminPort;
    private final CapturedLog log;
    private final Clock clock;
    private final List<com.google.inject.Module> overrides;
    private GuiceJamesServer server;

    private JamesServerHarness(JamesWorkingDirectory directory, int smtpPort, int webAdminPort, CapturedLog log,
        Clock clock, List<com.google.inject.Module> overrides) {
        this.clock = clock;
        this.overrides = List.copyOf(overrides);
        this.directory = directory;
        this.smtpPort = smtpPort;
        this.webAdminPort = webAdminPort;
        this.log = log;
    }

    /** Starts describing a server whose working directory will be {@code workingDirectory} (e.g. a @TempDir). */
    public static Builder in(Path workingDirectory) {
        return new Builder(workingDirectory);
    }

    /** The SMTP listener's port on 127.0.0.1 (no TLS, relaying allowed from 127.0.0.0/8). */
    public int smtpPort() {
        return smtpPort;
    }

    /** The WebAdmin port on 127.0.0.1 (no authentication). */
    public int webAdminPort() {
        return webAdminPort;
    }

    /** James's working directory: {@code conf/}, {@code extensions-jars/}, {@code var/}. */
    public Path workingDirectory() {
        return directory.root();
    }

    /** Log lines written since this harness was built ({@code LEVEL logger - message}), oldest first. */
    public List<String> logLines() {
        return log.lines();
    }

    public boolean isStarted() {
        return server != null && server.isStarted();
    }

    /** Stops James and starts it again on the same working directory, ports and configuration. */
    public void restart() throws Exception {
        stop();
        startServer();
    }

    /** Stops James; the working directory stays. Does nothing when not running. */
    public void stop() {
        if (server != null) {
            GuiceJamesServer running = server;
            server = null;
            running.stop();
        }
    }

    /** Stops James and stops capturing its log. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            log.close();
        }
    }

    private void startServer() throws Exception {
        if (!"false".equals(System.getProperty(EXIT_ON_STARTUP_ERROR))) {
            throw new IllegalStateException("set -D" + EXIT_ON_STARTUP_ERROR + "=false (integration-tests/pom.xml does)"
                + ": otherwise a failed James start-up calls System.exit and kills the test JVM");
        }
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(directory.root().toFile())
            .build();
        GuiceJamesServer candidate = MemoryJamesServerMain.createServer(configuration);
        if (clock != null) {
            candidate = candidate.overrideWith(binder -> binder.bind(Clock.class).toInstance(clock));
        }
        for (com.google.inject.Module override : overrides) {
            candidate = candidate.overrideWith(override);
        }
        try {
            candidate.start();
        } catch (Exception | Error e) {
            candidate.stop();
            throw e;
        }
        server = candidate;
    }

    /** What the test wants changed in the sample configuration before James starts. */
    public static final class Builder {
        private final Path workingDirectory;
        private final List<Consumer<JamesWorkingDirectory>> edits = new ArrayList<>();
        private Clock clock;
        private final List<com.google.inject.Module> overrides = new ArrayList<>();

        private Builder(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
        }

        /** Sets {@code key=value} in {@code conf/mta-sts.properties}. */
        public Builder mtaStsProperty(String key, String value) {
            edits.add(directory -> directory.setProperty("mta-sts.properties", key, value));
            return this;
        }

        /** Points the plugin's resolver ({@code dns.servers}) at a test DNS server. */
        public Builder pluginDnsServer(String ipAddress, int port) {
            return mtaStsProperty("dns.servers", ipAddress + ":" + port);
        }

        /** Makes the plugin trust only the anchors in {@code keyStore} (e.g. a test CA) for policy fetches. */
        public Builder pluginTrustStore(Path keyStore, String password, String type) {
            return mtaStsProperty("trust.store.path", keyStore.toAbsolutePath().toString())
                .mtaStsProperty("trust.store.password", password)
                .mtaStsProperty("trust.store.type", type);
        }

        /** Sets the plugin's {@code data.dir} (relative to the working directory, or absolute). */
        public Builder pluginDataDirectory(String directory) {
            return mtaStsProperty("data.dir", directory);
        }

        /**
         * Points James's own DNS client (stock RemoteDelivery, SPF, ...) at {@code ipAddress}. James 3.8.1's
         * DNSJavaService takes no port: the server must listen on port 53.
         */
        public Builder jamesDnsServer(String ipAddress) {
            edits.add(directory -> setJamesDnsServer(directory, ipAddress));
            return this;
        }

        /** The name James's SMTP server gives itself in its greeting and EHLO reply (smtpserver.xml). */
        public Builder helloName(String name) {
            edits.add(directory -> directory.replaceOnce("smtpserver.xml", "<helloName [^>]*>[^<]*</helloName>",
                "<helloName autodetect=\"false\">" + name + "</helloName>"));
            return this;
        }

        /** Replaces the text of {@code conf/<name>} (e.g. mailetcontainer.xml) by {@code text}. */
        public Builder confFile(String name, String text) {
            edits.add(directory -> directory.editConfFile(name, old -> text));
            return this;
        }

        /**
         * Adds the Cassandra store: its jar (system property {@code mtasts.it.cassandraStoreJar}) in
         * {@code extensions-jars/} and its module after the plugin's in {@code extensions.properties}.
         */
        public Builder cassandraStore() {
            edits.add(directory -> {
                try {
                    java.nio.file.Path jar = java.nio.file.Path.of(System.getProperty("mtasts.it.cassandraStoreJar"));
                    java.nio.file.Files.copy(jar, directory.root().resolve("extensions-jars").resolve(jar.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                directory.setProperty("extensions.properties", "guice.extension.module",
                    "dev.mtasts.james.MtaStsModule,dev.mtasts.james.cassandra.CassandraStoreModule");
            });
            return this;
        }

        /** Replaces bindings of James's own Guice modules (e.g. a mail queue that behaves as another server's). */
        public Builder override(com.google.inject.Module module) {
            overrides.add(module);
            return this;
        }

        /** The {@link Clock} James and the plugin see (James binds the system clock by default). */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Any other change of the laid-out working directory. */
        public Builder edit(Consumer<JamesWorkingDirectory> edit) {
            edits.add(edit);
            return this;
        }

        /** Lays out the working directory, applies the overrides and starts James. */
        public JamesServerHarness start() throws Exception {
            JamesWorkingDirectory directory = JamesWorkingDirectory.layOut(workingDirectory);
            int smtpPort = FreePorts.loopback();
            int webAdminPort = FreePorts.loopback();
            directory.replaceOnce("smtpserver.xml", "<bind>[^<]*</bind>", "<bind>127.0.0.1:" + smtpPort + "</bind>");
            directory.setProperty("webadmin.properties", "port", Integer.toString(webAdminPort));
            directory.setProperty("webadmin.properties", "host", "127.0.0.1");
            setJamesDnsServer(directory, "127.0.0.1");
            edits.forEach(edit -> edit.accept(directory));

            JamesServerHarness harness = new JamesServerHarness(directory, smtpPort, webAdminPort,
                CapturedLog.attach(), clock, overrides);
            try {
                harness.startServer();
            } catch (Exception | Error e) {
                harness.close();
                throw e;
            }
            return harness;
        }

        private static void setJamesDnsServer(JamesWorkingDirectory directory, String ipAddress) {
            directory.editConfFile("dnsservice.xml", text -> text
                .replaceAll("(?s)\\s*<servers>.*?</servers>", "")
                .replaceAll("<autodiscover>[^<]*</autodiscover>", "<autodiscover>false</autodiscover>\n  <servers><server>"
                    + ipAddress + "</server></servers>"));
        }
    }
}
