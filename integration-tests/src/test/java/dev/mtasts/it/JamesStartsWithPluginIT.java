package dev.mtasts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** James 3.8.1 started from conf-samples with the plugin jar in extensions-jars/, as an operator runs it. */
class JamesStartsWithPluginIT {
    @TempDir
    static Path workingDirectory;

    private static JamesServerHarness james;
    private static WebAdminClient webAdmin;

    @BeforeAll
    static void startJames() throws Exception {
        james = JamesServerHarness.in(workingDirectory)
            .pluginDnsServer("127.0.0.1", 5353)
            .mtaStsProperty("dns.timeout", "2s")
            .helloName("mx.it.test")
            .start();
        webAdmin = new WebAdminClient(james.webAdminPort());
    }

    @AfterAll
    static void stopJames() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void shouldLoadThePluginFromExtensionsJarsWhenStarted() {
        assertThat(james.logLines()).anySatisfy(line -> assertThat(line)
            .contains("Loading custom classpath resource")
            .contains(workingDirectory.resolve("extensions-jars").toString())
            .endsWith(".jar"));
        assertThatThrownBy(() -> Class.forName("dev.mtasts.james.MtaStsModule"))
            .as("the plugin must come from extensions-jars/, not from the test class path")
            .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void shouldRunWithThePluginJarAloneInExtensionsJars() throws Exception {
        try (java.util.stream.Stream<Path> jars = java.nio.file.Files.list(workingDirectory.resolve("extensions-jars"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).containsExactly(
                Path.of(System.getProperty(JamesWorkingDirectory.PLUGIN_JAR_PROPERTY)).getFileName().toString());
        }
        assertThat(james.logLines()).anySatisfy(line -> assertThat(line).contains("MTA-STS: started ("));
    }

    @Test
    void shouldLogTheConfigurationFromMtaStsPropertiesWhenStarted() {
        assertThat(james.logLines()).contains("INFO dev.mtasts.james.config.MtaStsConfigurationLoader - MTA-STS: "
            + "configuration loaded (conf/mta-sts.properties): dns.servers=127.0.0.1:5353, dns.timeout=2s, "
            + "fetch.connect.timeout=10s, fetch.timeout=30s, trust.store.path=(JDK default trust anchors), data.dir="
            + workingDirectory.toAbsolutePath().resolve("var/mta-sts").normalize() + ", refresh.period=1d, "
            + "tls.required.header=honour, discovery.failure=deliver, tlsrpt.send=false, tlsrpt.processor=tlsrpt-report, tlsrpt.delay.max=4h, tlsrpt.poll.interval=1m, "
            + "tlsrpt.retention.days=30");
    }

    @Test
    void shouldAcceptAndDeliverMailForALocalUserWhenSentOverSmtp() throws Exception {
        webAdmin.createUser("alice@localhost", "secret");

        try (SmtpSession smtp = SmtpSession.connect(james.smtpPort())) {
            assertThat(smtp.reply()).startsWith("220 ");
            assertThat(smtp.send("EHLO client.test")).startsWith("250-mx.it.test Hello client.test");
            assertThat(smtp.send("MAIL FROM:<bob@example.net>")).startsWith("250 2.1.0");
            assertThat(smtp.send("RCPT TO:<alice@localhost>")).startsWith("250 2.1.5");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: hello\r\n\r\nHi Alice\r\n.")).isEqualTo("250 2.6.0 Message received");
            assertThat(smtp.send("QUIT")).startsWith("221");
        }

        HttpResponse<String> count = Eventually.await("alice's INBOX to hold the mail",
            () -> webAdmin.get("/users/alice@localhost/mailboxes/INBOX/messageCount"),
            response -> response.statusCode() == 200 && response.body().equals("1"));
        assertThat(count.body()).isEqualTo("1");
    }

    @Test
    void shouldServeWebAdminOnItsPortWhenStarted() throws Exception {
        HttpResponse<String> domains = webAdmin.get("/domains");

        assertThat(domains.statusCode()).isEqualTo(200);
        assertThat(domains.body()).isEqualTo("[\"localhost\"]");
    }

    @Test
    void shouldStartAgainFromTheSameWorkingDirectoryWhenRestarted() throws Exception {
        long configurationLinesBefore = configurationLines();

        james.restart();

        assertThat(james.isStarted()).isTrue();
        assertThat(configurationLines()).isEqualTo(configurationLinesBefore + 1);
        try (SmtpSession smtp = SmtpSession.connect(james.smtpPort())) {
            assertThat(smtp.reply()).startsWith("220 ");
        }
    }

    private static long configurationLines() {
        return james.logLines().stream().filter(line -> line.contains("MTA-STS: configuration loaded")).count();
    }
}
