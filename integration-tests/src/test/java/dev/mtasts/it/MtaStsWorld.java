package dev.mtasts.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mtasts.testkit.net.FreePorts;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/**
 * The network a James under test delivers into, all on loopback: one DNS server, a test CA (its trust store
 * is what the plugin trusts), HTTPS policy hosts and SMTP sinks on their own 127.0.0.x addresses. Every
 * policy host listens on one port and every SMTP sink on another, as if they were 443 and 25.
 */
final class MtaStsWorld implements AutoCloseable {
    static final String POLICY_PATH = "/.well-known/mta-sts.txt";
    static final String TRUST_PASSWORD = "changeit";

    /** The kinds of MX host a scenario needs. */
    enum MxKind {
        GOOD, NO_STARTTLS, SELF_SIGNED, EXPIRED, WRONG_NAME
    }

    private final TestDnsServer dns = TestDnsServer.start();
    private final TestCa ca = TestCa.create();
    private final int smtpPort = FreePorts.loopback();
    private final int httpsPort = FreePorts.loopback();
    private final Path trustStore;
    private final Map<String, TestSmtpSink> sinks = new HashMap<>();
    private final Map<String, TestHttpsServer> policyHosts = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private int nextAddress = 20;

    MtaStsWorld(Path directory) throws IOException {
        trustStore = ca.writeTrustStore(directory.resolve("trust.p12"), TRUST_PASSWORD.toCharArray());
    }

    /** The overrides that point a James from conf-samples at this world. */
    JamesServerHarness.Builder configure(JamesServerHarness.Builder james) {
        return james
            .pluginDnsServer("127.0.0.1", dns.port())
            .pluginTrustStore(trustStore, TRUST_PASSWORD, "PKCS12")
            .mtaStsProperty("fetch.port", Integer.toString(httpsPort))
            .mtaStsProperty("fetch.timeout", "5s")
            .mtaStsProperty("fetch.connect.timeout", "2s")
            .mtaStsProperty("dns.timeout", "2s")
            .edit(directory -> directory.replaceOnce("mailetcontainer.xml",
                "<outgoing>mta-sts-outgoing</outgoing>",
                "<outgoing>mta-sts-outgoing</outgoing>\n        <smtpPort>" + smtpPort + "</smtpPort>"
                    + "\n        <allowLoopbackMx>true</allowLoopbackMx>"))
            .helloName("james.sender.test");
    }

    TestDnsServer dns() {
        return dns;
    }

    TestCa ca() {
        return ca;
    }

    /** The port every SMTP sink of this world listens on (their "25"). */
    int smtpPort() {
        return smtpPort;
    }

    /** A fresh 127.0.0.x address no other host of this world uses. */
    synchronized String nextAddress() {
        return "127.0.0." + nextAddress++;
    }

    /** Publishes an MX {@code host} of {@code domain} and starts an SMTP sink of the given kind for it. */
    TestSmtpSink mx(String domain, int preference, String host, MxKind kind) {
        String address = nextAddress();
        // TTL 0: scenarios change MX records between two mails, and the delivery side keeps answers for their TTL
        dns.mx(domain, 0, preference, host).a(host, 0, address);
        return startSink(host, address, kind);
    }

    /** Replaces the SMTP server of MX {@code host} by one of another kind, on the same address. */
    TestSmtpSink replaceMx(String host, MxKind kind) {
        TestSmtpSink old = sinks.remove(host);
        old.close();
        return startSink(host, old.address().getAddress().getHostAddress(), kind);
    }

    private TestSmtpSink startSink(String host, String address, MxKind kind) {
        TestSmtpSink sink;
        switch (kind) {
            case NO_STARTTLS:
                sink = TestSmtpSink.plaintextOnly(address, smtpPort, host);
                break;
            case SELF_SIGNED:
                sink = TestSmtpSink.withStartTls(address, smtpPort, TestCa.selfSignedLeaf(host).serverContext(), host);
                break;
            case EXPIRED:
                sink = TestSmtpSink.withStartTls(address, smtpPort, ca.expiredLeaf(host).serverContext(), host);
                break;
            case WRONG_NAME:
                sink = TestSmtpSink.withStartTls(address, smtpPort, ca.leaf("other." + host).serverContext(), host);
                break;
            default:
                sink = TestSmtpSink.withStartTls(address, smtpPort, ca.leaf(host).serverContext(), host);
        }
        sinks.put(host, sink);
        closeables.add(sink);
        return sink;
    }

    /**
     * Publishes {@code _mta-sts.<domain>} with {@code id} and serves {@code policy} at the well-known URL of
     * {@code mta-sts.<domain>} from a policy host with a certificate from the test CA.
     */
    TestHttpsServer publishPolicy(String domain, String id, String policy) throws IOException {
        publishTxt(domain, id);
        return servePolicy(domain, TestResponse.policy(policy));
    }

    void publishTxt(String domain, String id) {
        dns.remove("_mta-sts." + domain);
        dns.txt("_mta-sts." + domain, 1, "v=STSv1; id=" + id + ";");
    }

    TestHttpsServer servePolicy(String domain, TestResponse response) throws IOException {
        return servePolicyWithCertificate(domain, ca.leaf("mta-sts." + domain), response);
    }

    /** Serves the policy host of {@code domain} with {@code leaf} (the first call for a domain decides). */
    TestHttpsServer servePolicyWithCertificate(String domain, TestCa.Leaf leaf, TestResponse response)
        throws IOException {
        TestHttpsServer host = policyHosts.get(domain);
        if (host == null) {
            String address = nextAddress();
            dns.a("mta-sts." + domain, 300, address);
            host = TestHttpsServer.start(InetAddress.getByName(address), httpsPort, leaf);
            policyHosts.put(domain, host);
            closeables.add(host);
        }
        host.respond(POLICY_PATH, response);
        return host;
    }

    /** Stops the policy host of {@code domain}: connections are refused. */
    void policyHostDown(String domain) {
        TestHttpsServer host = policyHosts.remove(domain);
        if (host != null) {
            host.close();
        }
    }

    static String policy(String mode, String... mx) {
        StringBuilder text = new StringBuilder("version: STSv1\r\nmode: " + mode + "\r\n");
        for (String host : mx) {
            text.append("mx: ").append(host).append("\r\n");
        }
        return text.append("max_age: 86400\r\n").toString();
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                // best effort: the test is over
            }
        }
        dns.close();
    }
}
