package dev.mtasts.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;

import dev.mtasts.testkit.conf.ConfFiles;
import dev.mtasts.testkit.net.FreePorts;

/**
 * One Apache James 3.8.1 memory server in this JVM, laid out from {@code conf-samples/conf} with the plugin jar
 * in {@code extensions-jars/} (loaded by James's own class loader, as an operator installs it). The bench edits
 * the copied files: SMTP on a free port of 127.0.0.1, WebAdmin on another, James's DNS client on one server
 * (port 53: James 3.8.1 takes no port), {@code mta-sts.properties} keys, and the {@code relay} processor.
 * Not thread-safe; start and close from one thread. Start-up failures are thrown as they come.
 */
final class BenchJames implements AutoCloseable {
    private final Path root;
    private final int smtpPort;
    private final int webAdminPort;
    private GuiceJamesServer server;

    private BenchJames(Path root, int smtpPort, int webAdminPort) {
        this.root = root;
        this.smtpPort = smtpPort;
        this.webAdminPort = webAdminPort;
    }

    /**
     * Lays out {@code root} and starts James.
     *
     * @param relayProcessor the whole {@code <processor state="relay">} element to use
     * @param jamesDns IP address of the DNS server for James's own resolver (port 53)
     * @param mtaSts keys to set in {@code conf/mta-sts.properties}
     */
    static BenchJames start(Path root, Path confSamples, Path pluginJar, String relayProcessor, String jamesDns,
            String helloName, Map<String, String> mtaSts) throws Exception {
        Path conf = Files.createDirectories(root.resolve("conf"));
        try (Stream<Path> files = Files.list(confSamples)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, conf.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path extensions = Files.createDirectories(root.resolve("extensions-jars"));
        Files.copy(pluginJar, extensions.resolve(pluginJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(root.resolve("var"));

        int smtpPort = FreePorts.loopback();
        ConfFiles.replaceOnce(conf.resolve("smtpserver.xml"), "<bind>[^<]*</bind>", "<bind>127.0.0.1:" + smtpPort + "</bind>");
        ConfFiles.replaceOnce(conf.resolve("smtpserver.xml"), "<helloName [^>]*>[^<]*</helloName>",
                "<helloName autodetect=\"false\">" + helloName + "</helloName>");
        int webAdminPort = FreePorts.loopback();
        ConfFiles.setProperty(conf.resolve("webadmin.properties"), "port", Integer.toString(webAdminPort));
        ConfFiles.setProperty(conf.resolve("webadmin.properties"), "host", "127.0.0.1");
        ConfFiles.edit(conf.resolve("dnsservice.xml"), text -> text.replaceAll("(?s)\\s*<servers>.*?</servers>", "")
                .replaceAll("<autodiscover>[^<]*</autodiscover>",
                        "<autodiscover>false</autodiscover>\n  <servers><server>" + jamesDns + "</server></servers>"));
        for (Map.Entry<String, String> entry : mtaSts.entrySet()) {
            ConfFiles.setProperty(conf.resolve("mta-sts.properties"), entry.getKey(), entry.getValue());
        }
        ConfFiles.replaceOnce(conf.resolve("mailetcontainer.xml"), "<processor state=\"relay\".*?</processor>", relayProcessor);

        BenchJames james = new BenchJames(root, smtpPort, webAdminPort);
        GuiceJamesServer candidate = MemoryJamesServerMain.createServer(
                MemoryJamesConfiguration.builder().workingDirectory(root.toFile()).build());
        try {
            candidate.start();
        } catch (Exception | Error e) {
            candidate.stop();
            throw e;
        }
        james.server = candidate;
        return james;
    }

    int smtpPort() {
        return smtpPort;
    }

    /** How many mails the repository at {@code path} ({@code var/mail/x}) holds (WebAdmin); 0 before it exists. */
    int repositorySize(String path) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + webAdminPort
                        + "/mailRepositories/" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Matcher size = Pattern.compile("\"size\"\\s*:\\s*(\\d+)").matcher(response.body());
        if (response.statusCode() == 404) {
            return 0;
        }
        if (response.statusCode() != 200 || !size.find()) {
            throw new IllegalStateException("WebAdmin answered " + response.statusCode() + ": " + response.body());
        }
        return Integer.parseInt(size.group(1));
    }

    Path root() {
        return root;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
