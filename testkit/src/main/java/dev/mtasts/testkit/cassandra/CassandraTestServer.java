package dev.mtasts.testkit.cassandra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.mtasts.testkit.net.FreePorts;

/**
 * A real Apache Cassandra (cassandra-all from Maven Central) in a child JVM on 127.0.0.1, for tests. Started
 * once per test JVM through {@link #shared()} and stopped by a shutdown hook; its data lives in a fresh
 * directory under {@code target/}. The class path comes from the file named by the system property
 * {@code mtasts.cassandra.classpath} (written by the cassandra-testserver module), so none of Cassandra's
 * libraries is on the test's own class path.
 *
 * <p>Thread-safe. Start-up failures throw {@link IllegalStateException} with the tail of Cassandra's log.
 */
public final class CassandraTestServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String CLASSPATH_PROPERTY = "mtasts.cassandra.classpath";
    private static final List<String> JAVA17_OPTIONS = List.of(
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports=java.sql/java.sql=ALL-UNNAMED",
            "--add-exports=java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED");

    private static CassandraTestServer shared;

    private final Process process;
    private final int port;
    private final Path directory;

    private CassandraTestServer(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /** The one server of this JVM, started on first use (about 10 to 30 s). */
    public static synchronized CassandraTestServer shared() {
        if (shared == null) {
            shared = start(Paths.get("target"));
            CassandraTestServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "cassandra-test-server-stop"));
        }
        return shared;
    }

    /** Starts a new server with its data in a fresh directory under {@code parent}. */
    public static CassandraTestServer start(Path parent) {
        try {
            Path directory = Files.createTempDirectory(Files.createDirectories(parent).toAbsolutePath(), "cassandra-");
            int nativePort = FreePorts.loopback();
            int storagePort = FreePorts.loopback();
            Path yaml = directory.resolve("cassandra.yaml");
            Files.writeString(yaml, yaml(directory, nativePort, storagePort));
            Path logback = directory.resolve("logback.xml");
            Files.writeString(logback, "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                    + "<encoder><pattern>%d %-5level [%thread] %logger{20} %msg%n</pattern></encoder></appender>"
                    + "<root level=\"INFO\"><appender-ref ref=\"OUT\"/></root></configuration>\n");
            String classpath = classpath();
            String jamm = Arrays.stream(classpath.split(java.io.File.pathSeparator)).filter(p -> p.contains("jamm"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jamm jar on Cassandra's class path"));
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-Xss512k"));
            command.addAll(JAVA17_OPTIONS);
            command.addAll(List.of("-Dcassandra.config=" + yaml.toUri(), "-Dcassandra-foreground=yes",
                    "-Dcassandra.storagedir=" + directory, "-Dlogback.configurationFile=" + logback, "-Djdk.attach.allowAttachSelf=true",
                    "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=100",
                    "-Dcassandra.superuser_setup_delay_ms=0", "-javaagent:" + jamm, "-cp", classpath,
                    "org.apache.cassandra.service.CassandraDaemon"));
            Path log = directory.resolve("cassandra.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            CassandraTestServer server = new CassandraTestServer(process, nativePort, directory);
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Cassandra: " + e, e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cassandra exited with " + process.exitValue() + ":\n" + tail(log));
            }
            if (Files.readString(log, StandardCharsets.ISO_8859_1).contains("Startup complete") && accepts()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("Cassandra did not start within " + START_TIMEOUT + ":\n" + tail(log));
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The CQL (native protocol) address: 127.0.0.1 and {@link #port()}. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    public int port() {
        return port;
    }

    /** The data center name to give the driver. */
    public String datacenter() {
        return "datacenter1";
    }

    public Path directory() {
        return directory;
    }

    /** Kills the server (SIGKILL after 10 s of SIGTERM). */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String classpath() throws IOException {
        String file = Optional.ofNullable(System.getProperty(CLASSPATH_PROPERTY)).orElseThrow(() ->
                new IllegalStateException("the system property " + CLASSPATH_PROPERTY + " must name the file the"
                        + " cassandra-testserver module writes (target/cassandra.classpath)"));
        return Files.readString(Paths.get(file)).trim();
    }

    private static String yaml(Path dir, int nativePort, int storagePort) {
        return String.join("\n",
                "cluster_name: mtasts-test",
                "num_tokens: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "endpoint_snitch: SimpleSnitch",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:" + storagePort + "\"",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: " + storagePort,
                "native_transport_port: " + nativePort,
                "start_native_transport: true",
                "data_file_directories:",
                "  - " + dir.resolve("data"),
                "commitlog_directory: " + dir.resolve("commitlog"),
                "saved_caches_directory: " + dir.resolve("saved_caches"),
                "hints_directory: " + dir.resolve("hints"),
                "cdc_raw_directory: " + dir.resolve("cdc_raw"),
                "concurrent_reads: 4",
                "concurrent_writes: 4",
                "concurrent_counter_writes: 4",
                "memtable_heap_space: 64MiB",
                "key_cache_size: 0MiB",
                "") + "\n";
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
