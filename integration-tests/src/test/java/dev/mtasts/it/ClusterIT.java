package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

import javax.mail.BodyPart;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.cassandra.CassandraTestServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.smtp.ReceivedMessage;
import dev.mtasts.testkit.smtp.TestSmtpSink;

/**
 * Two James 3.8.1 memory servers, each with the plugin on the Cassandra store ({@code store=cassandra}, the
 * store module and its jar in extensions-jars/, a session of its own to one real Cassandra started by the
 * test), delivering into one test world, with one clock the test moves. Node B uses the policy node A fetched;
 * an eviction through A's WebAdmin reaches B; the next morning exactly one report reaches the domain's rua,
 * with the sessions of both nodes. A TLS report mailed to both nodes is kept once, and either node's WebAdmin
 * shows what both received.
 */
class ClusterIT {
    private static final String SENDER = "alice@sender.test";
    private static final SettableClock CLOCK = new SettableClock();

    @TempDir
    static Path directory;

    private static MtaStsWorld world;
    private static JamesServerHarness nodeA;
    private static JamesServerHarness nodeB;

    @BeforeAll
    static void start() throws Exception {
        // Every session of the test must fall on one UTC day: close to midnight, start just after it (forward
        // only: the test certificates are valid from an hour ago).
        java.time.Instant now = java.time.Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (now.isAfter(today.atTime(23, 45).toInstant(ZoneOffset.UTC))) {
            CLOCK.jumpTo(today.plusDays(1).atTime(0, 5).toInstant(ZoneOffset.UTC));
        }
        CassandraTestServer cassandra = CassandraTestServer.shared();
        world = new MtaStsWorld(directory);
        world.mx("sender.test", 10, "mx.sender.test", MxKind.GOOD);
        nodeA = node("a", cassandra);
        nodeB = node("b", cassandra);
    }

    private static JamesServerHarness node(String name, CassandraTestServer cassandra) throws Exception {
        return world.configure(JamesServerHarness.in(directory.resolve("james-" + name)))
            .clock(CLOCK)
            .cassandraStore()
            // Two Jameses share this JVM's platform MBean server: the processors must not register MBeans.
            .edit(d -> d.replaceOnce("mailetcontainer.xml", "<processors>", "<processors enableJmx=\"false\">"))
            .edit(d -> d.replaceOnce("smtpserver.xml", "<jmxName>smtpserver</jmxName>",
                "<jmxName>smtpserver-" + name + "</jmxName>"))
            .mtaStsProperty("store", "cassandra")
            .mtaStsProperty("cassandra.node", name)
            .mtaStsProperty("cassandra.contact.points", "127.0.0.1:" + cassandra.port())
            .mtaStsProperty("cassandra.keyspace", "mtasts_cluster_it")
            .mtaStsProperty("cassandra.datacenter", cassandra.datacenter())
            .mtaStsProperty("cassandra.create.keyspace", "true")
            .mtaStsProperty("cassandra.timeout", "10s")
            .mtaStsProperty("cassandra.push.interval", "1s")
            .mtaStsProperty("tlsrpt.send", "true")
            .mtaStsProperty("tlsrpt.contact", "tlsrpt@james.sender.test")
            .mtaStsProperty("tlsrpt.delay.max", "0s")
            .mtaStsProperty("tlsrpt.poll.interval", "1s")
            .start();
    }

    @AfterAll
    static void stop() {
        for (JamesServerHarness node : new JamesServerHarness[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void shouldShareOnePolicyCacheAndSendOneReportWithTheCountsOfBothNodes() throws Exception {
        TestSmtpSink mx = world.mx("cluster.test", 10, "mx1.cluster.test", MxKind.GOOD);
        TestHttpsServer policyHost = world.publishPolicy("cluster.test", "id1", policy("enforce", "mx1.cluster.test"));
        world.dns().txt("_smtp._tls.cluster.test", 300, "v=TLSRPTv1; rua=mailto:tlsrpt@rua.test");
        TestSmtpSink rua = world.mx("rua.test", 10, "mx.rua.test", MxKind.GOOD);

        new MailSender(nodeA.smtpPort()).send(SENDER, "via A 1", "bob@cluster.test");
        new MailSender(nodeA.smtpPort()).send(SENDER, "via A 2", "bob@cluster.test");
        Eventually.await("two mails via A", mx::messages, m -> m.size() == 2);
        new MailSender(nodeB.smtpPort()).send(SENDER, "via B 1", "bob@cluster.test");
        Eventually.await("the mail via B", mx::messages, m -> m.size() == 3);

        assertThat(policyHost.requestsTo(MtaStsWorld.POLICY_PATH)).as("B used the policy A fetched").hasSize(1);
        assertThat(mx.messages()).allSatisfy(m -> assertThat(m.overTls()).isTrue());

        // Evicted through A's WebAdmin: B drops it once its TXT answer is older than the minimum TTL (60 s).
        assertThat(new WebAdminClient(nodeA.webAdminPort()).delete("/mta-sts/policies/cluster.test").statusCode())
            .isEqualTo(204);
        CLOCK.jumpTo(CLOCK.instant().plusSeconds(61));
        new MailSender(nodeB.smtpPort()).send(SENDER, "via B 2", "bob@cluster.test");
        Eventually.await("the second mail via B", mx::messages, m -> m.size() == 4);
        assertThat(policyHost.requestsTo(MtaStsWorld.POLICY_PATH)).as("B fetched again after the eviction").hasSize(2);

        LocalDate day = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
        Thread.sleep(2500); // two push intervals: both nodes' totals are in Cassandra
        CLOCK.jumpTo(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(5));

        Eventually.await("a TLS report at the rua's MX", rua::messages, m -> !m.isEmpty());
        Thread.sleep(5000); // five report runs of each node: no second report
        List<ReceivedMessage> reports = rua.messages();
        assertThat(reports).as("exactly one report for the cluster").hasSize(1);
        JsonNode json = gzipJson(reports.get(0));
        JsonNode policy = json.get("policies").get(0);
        assertThat(policy.get("policy").get("policy-domain").asText()).isEqualTo("cluster.test");
        assertThat(policy.get("summary").get("total-successful-session-count").asLong())
            .as("every session of A and of B; RFC 8460 counts sessions, and a reused one carried several mails")
            .isEqualTo(mx.connectionCount()).isBetween(2L, 4L);
    }

    @Test
    void shouldKeepAReportMailedToBothNodesOnceAndShowWhatEitherNodeReceived() throws Exception {
        String postmaster = "postmaster@localhost";
        String reporter = "noreply-tlsrpt@reporter.example";
        LocalDate day = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC).minusDays(1);
        String report = ReportMails.mail(reporter, postmaster, "application/tlsrpt+gzip", ReportMails.gzip(
            ReportMails.report("Big Mailbox Provider Inc.", day + "_ours.test@mailbox.example", day,
                ReportMails.policy("ours.test", "sts", 900, "starttls-not-supported", 3))));
        String broken = ReportMails.mail(reporter, postmaster, "application/tlsrpt+gzip", ReportMails.gzip(
            ReportMails.report("Broken Reporter", "broken-1", day, ReportMails.policy("ours.test", "sts", 1)
                .replace(":1,", ":\"one\","))));
        for (JamesServerHarness node : List.of(nodeA, nodeB)) {
            new WebAdminClient(node.webAdminPort()).createUser(postmaster, "secret");
        }

        // a reporter with two rua addresses (or a retry) reaches both nodes; an unreadable one only A
        ReportMails.submit(nodeA.smtpPort(), reporter, postmaster, report);
        ReportMails.submit(nodeB.smtpPort(), reporter, postmaster, report);
        ReportMails.submit(nodeA.smtpPort(), reporter, postmaster, broken);

        WebAdminClient webAdminB = new WebAdminClient(nodeB.webAdminPort());
        Eventually.await("the duplicate and the set-aside mail, seen from B",
            () -> new ObjectMapper().readTree(webAdminB.get("/mta-sts/received").body()),
            json -> json.path("duplicates").asLong() == 1 && json.path("set_aside").asLong() == 1);
        for (JamesServerHarness node : List.of(nodeA, nodeB)) {
            JsonNode ours = new ObjectMapper().readTree(new WebAdminClient(node.webAdminPort())
                .get("/mta-sts/received/ours.test").body());
            assertThat(ours.path("successful_sessions").asLong()).as("counted once").isEqualTo(900);
            assertThat(ours.path("failures").path("starttls-not-supported").asLong()).isEqualTo(3);
        }
    }

    private static JsonNode gzipJson(ReceivedMessage report) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(report.content().getBytes(StandardCharsets.ISO_8859_1)));
        MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("application/tlsrpt+gzip")) {
                try (InputStream in = new GZIPInputStream(part.getInputStream())) {
                    return new ObjectMapper().readTree(in);
                }
            }
        }
        throw new AssertionError("no application/tlsrpt+gzip part");
    }
}
