package dev.mtasts.testkit.smtp;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

import dev.mtasts.testkit.net.FreePorts;
import dev.mtasts.testkit.tls.TestCa;

/**
 * A private instance of the real Postfix MTA (Debian's {@code postfix} package) for tests and benchmarks: its own
 * {@code config_directory}, {@code queue_directory}, {@code data_directory} and log file under a new temporary
 * directory, one {@code smtpd} listener on a loopback address and port, STARTTLS with a {@link TestCa} leaf, and
 * every recipient of one mail domain delivered to a throw-away Maildir ({@code virtual(8)}, owned by the
 * {@code postfix} user). No chroot, IPv4 only, nothing relayed elsewhere. The {@code master} daemon runs in the
 * foreground as a child of this JVM, so {@link #close()} stops it and every process it started.
 *
 * <p>Needs Postfix installed and root (Postfix's daemons drop privileges from root). {@link #unavailableReason()}
 * says why it cannot start so tests can skip with that reason; {@link #start} refuses with the same sentence.
 * Several instances run at once when each gets its own address or port. Thread-safe.
 */
public final class PostfixServer implements AutoCloseable {
    private static final Path POSTFIX = Paths.get("/usr/sbin/postfix");
    private static final Path MASTER = Paths.get("/usr/lib/postfix/sbin/master");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path root;
    private final InetSocketAddress address;
    private final Process master;
    /** Stops Postfix when the JVM exits without {@link #close()} (a benchmark interrupted with Ctrl-C). */
    private final Thread stopOnExit;

    private PostfixServer(Path root, InetSocketAddress address, Process master) {
        this.root = root;
        this.address = address;
        this.master = master;
        this.stopOnExit = new Thread(this::stop, "stop " + this);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Empty when Postfix can run here; otherwise why not (not installed, not root). */
    public static Optional<String> unavailableReason() {
        if (!Files.isExecutable(POSTFIX) || !Files.isExecutable(MASTER)) {
            return Optional.of("Postfix is not installed (" + POSTFIX + " or " + MASTER + " is missing);"
                    + " install it with: DEBIAN_FRONTEND=noninteractive apt-get install -y postfix");
        }
        try {
            if (((Number) Files.getAttribute(Paths.get("/proc/self"), "unix:uid")).intValue() != 0) {
                return Optional.of("a private Postfix instance must be started as root");
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot tell whether this process runs as root: " + e);
        }
        return Optional.empty();
    }

    /**
     * Starts Postfix listening on {@code address:port} ({@code port} 0: a free port) as {@code hostName}, offering
     * STARTTLS with {@code leaf} (null: no STARTTLS), accepting mail for every recipient at {@code mailDomain}.
     * Returns once the listener accepts connections. Throws {@link IllegalStateException} when Postfix is
     * unavailable or does not start, with the reason and its log.
     */
    public static PostfixServer start(String address, int port, String hostName, String mailDomain, TestCa.Leaf leaf) {
        return start(address, port, hostName, List.of(mailDomain), leaf);
    }

    /** As {@link #start(String, int, String, String, TestCa.Leaf)}, accepting mail for several domains. */
    public static PostfixServer start(String address, int port, String hostName, List<String> mailDomains,
            TestCa.Leaf leaf) {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException("cannot start Postfix: " + reason);
        });
        // master(8) binds with SO_REUSEPORT: a second instance on a taken port would start and share the
        // connections. A plain bind first refuses it.
        int chosen = port != 0 ? checkFree(address, port) : FreePorts.on(address);
        return startOnce(address, chosen, hostName, mailDomains, leaf);
    }

    private static int checkFree(String address, int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(address))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Postfix on " + address + ":" + port
                    + ": the port is in use (" + e.getMessage() + ")", e);
        }
    }

    private static PostfixServer startOnce(String address, int port, String hostName, List<String> mailDomains,
            TestCa.Leaf leaf) {
        Path root;
        try {
            root = Files.createTempDirectory("postfix-test-");
            // Postfix's unprivileged daemons must reach the queue, the Maildir and the log below it.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            PostfixConfig.write(root, address, port, hostName, mailDomains, leaf == null ? null : writeTls(root, leaf));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a Postfix instance", e);
        }
        Path conf = root.resolve("conf");
        // "postfix check" creates the queue directories with Postfix's own ownership and modes.
        run(root, List.of(POSTFIX.toString(), "-c", conf.toString(), "check"));
        Process master;
        try {
            master = new ProcessBuilder(MASTER.toString(), "-c", conf.toString(), "-s")
                    .redirectErrorStream(true).redirectOutput(root.resolve("master.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + MASTER, e);
        }
        PostfixServer server = new PostfixServer(root, new InetSocketAddress(address, port), master);
        server.awaitStarted();
        return server;
    }

    private void awaitStarted() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IllegalStateException("Postfix exited at start-up (exit " + master.exitValue() + "; its"
                        + " directory " + root + " is kept for inspection): " + log());
            }
            // master(8) opens every listener before it logs this line.
            if (logLines().stream().anyMatch(line -> line.contains("daemon started"))) {
                return;
            }
            pause(20);
        }
        String log = log();
        stop();
        throw new IllegalStateException("Postfix did not start within " + START_TIMEOUT + " (its directory " + root
                + " is kept for inspection): " + log);
    }

    /** The listener's address and port. */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** The instance's directory (configuration, queue, Maildir, log). Deleted by {@link #close()}. */
    public Path directory() {
        return root;
    }

    /** Postfix's log ({@code maillog_file}). */
    public Path logFile() {
        return root.resolve("maillog");
    }

    /** The lines of Postfix's log so far. */
    public List<String> logLines() {
        try {
            return Files.exists(logFile()) ? Files.readAllLines(logFile(), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SMTP connections accepted so far: {@code smtpd} logs "connect from" once for each. */
    public int connectionCount() {
        return (int) logLines().stream().filter(line -> line.contains("/smtpd[") && line.contains("]: connect from "))
                .count();
    }

    /** The messages delivered to the Maildir so far (one file each). */
    public List<Path> deliveredMessages() {
        Path newMail = root.resolve("mail").resolve("inbox").resolve("new");
        if (!Files.isDirectory(newMail)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(newMail)) {
            return files.sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many messages are in the Maildir so far. */
    public int deliveredCount() {
        Path newMail = root.resolve("mail").resolve("inbox").resolve("new");
        if (!Files.isDirectory(newMail)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(newMail)) {
            return (int) files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until at least {@code count} messages are in the Maildir; returns how many are, even if fewer. */
    public int awaitDelivered(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int delivered = deliveredCount();
        while (delivered < count && System.nanoTime() < deadline) {
            pause(10);
            delivered = deliveredCount();
        }
        return delivered;
    }

    /** The processes Postfix's master started that are still running (not counting exited, unreaped ones). */
    public List<ProcessHandle> runningProcesses() {
        List<ProcessHandle> running = new ArrayList<>();
        master.toHandle().descendants().filter(PostfixServer::isRunning).forEach(running::add);
        if (isRunning(master.toHandle())) {
            running.add(master.toHandle());
        }
        return running;
    }

    /** The master process (to check after {@link #close()} that nothing is left). */
    public ProcessHandle masterProcess() {
        return master.toHandle();
    }

    /** Stops master and waits for every process it started; deletes the directory. Idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs or ran
        }
        stop();
        deleteTree(root);
    }

    private void stop() {
        List<ProcessHandle> children = master.toHandle().descendants().collect(Collectors.toList());
        // SIGTERM: master(8) terminates its children and exits.
        master.destroy();
        try {
            if (!master.waitFor(10, TimeUnit.SECONDS)) {
                master.destroyForcibly();
                master.waitFor(5, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (ProcessHandle child : children) {
                while (isRunning(child) && System.nanoTime() < deadline) {
                    pause(10);
                }
                if (isRunning(child)) {
                    child.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Alive and not a zombie (exited children of master are reparented and may wait unreaped in a container). */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(process.pid()), "stat"));
            // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'.
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        StringBuilder text = new StringBuilder();
        try {
            Path out = root.resolve("master.out");
            if (Files.exists(out)) {
                text.append(Files.readString(out));
            }
        } catch (IOException e) {
            text.append("(master output unreadable: ").append(e).append(") ");
        }
        logLines().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private static PostfixConfig.Tls writeTls(Path root, TestCa.Leaf leaf) throws IOException {
        StringWriter chain = new StringWriter();
        StringWriter key = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(chain)) {
            for (X509Certificate certificate : leaf.chain()) {
                writer.writeObject(certificate);
            }
        }
        // PKCS#8 names the key's curve; the "EC PRIVATE KEY" form written from a JCA key would not.
        key.write("-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(leaf.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path certFile = Files.writeString(root.resolve("chain.pem"), chain.toString());
        Path keyFile = Files.writeString(root.resolve("key.pem"), key.toString());
        return new PostfixConfig.Tls(certFile, keyFile);
    }

    private static void run(Path root, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(root.resolve("check.out").toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + Files.readString(root.resolve("check.out")) + reasonOnATerminal(command));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Postfix's commands print their error only to a terminal: {@code script(1)} gives them one. */
    private static String reasonOnATerminal(List<String> command) throws IOException, InterruptedException {
        Path script = Paths.get("/usr/bin/script");
        if (!Files.isExecutable(script)) {
            return "(run the command on a terminal to see why)";
        }
        Process process = new ProcessBuilder(script.toString(), "-qec", String.join(" ", command), "/dev/null")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    static UserPrincipalLookupService users(Path path) {
        return path.getFileSystem().getUserPrincipalLookupService();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Leftovers in the temporary directory are harmless.
        }
    }

    @Override
    public String toString() {
        return "PostfixServer{" + address + ", " + root + "}";
    }
}
