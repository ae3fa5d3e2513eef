package dev.mtasts.core.diagnostics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mtasts.testkit.net.FreePorts;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.delivery.SmtpSettings;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/**
 * A healthy MTA-STS set-up for example.test on loopback, which a test then breaks in one place: a DNS server
 * with the TXT, A, MX and TLS-RPT records; the policy host mta-sts.example.test (127.0.0.60) serving an
 * enforce policy with a certificate valid for 90 days; the MX mx1.example.test (127.0.0.61) offering
 * STARTTLS with a good certificate. Everything real, nothing mocked.
 */
final class CheckWorld implements AutoCloseable {
    static final String DOMAIN = "example.test";
    static final String PATH = "/.well-known/mta-sts.txt";
    static final String POLICY_HOST = "mta-sts.example.test";
    static final String POLICY_IP = "127.0.0.60";
    static final String MX1 = "mx1.example.test";
    static final String MX1_IP = "127.0.0.61";
    static final String POLICY = "version: STSv1\nmode: enforce\nmx: mx1.example.test\nmx: *.mail.example.test\n"
            + "max_age: 604800\n";

    final TestCa ca = TestCa.create();
    final TestDnsServer dns = TestDnsServer.start();
    final int smtpPort = FreePorts.loopback();
    private final List<TestSmtpSink> sinks = new ArrayList<>();
    private TestHttpsServer web;
    private Duration fetchTimeout = Duration.ofSeconds(5);
    private boolean smtp = true;

    CheckWorld() throws IOException {
        dns.txt("_mta-sts." + DOMAIN, 300, "v=STSv1; id=20260101T000000;");
        dns.a(POLICY_HOST, 300, POLICY_IP);
        dns.mx(DOMAIN, 300, 10, MX1).a(MX1, 300, MX1_IP);
        dns.txt("_smtp._tls." + DOMAIN, 300, "v=TLSRPTv1; rua=mailto:tlsrpt@example.test");
        policyHostWith(goodLeaf(POLICY_HOST));
        web.respond(PATH, TestResponse.policy(POLICY));
        mxWithStartTls(MX1_IP, MX1, goodLeaf(MX1));
    }

    /** A leaf from the world's CA, valid from an hour ago for 90 days (no expiry warning). */
    TestCa.Leaf goodLeaf(String... names) {
        Instant now = Instant.now();
        return ca.issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)), names);
    }

    /** Replaces the policy host's server by one presenting {@code leaf}, answering the current policy. */
    CheckWorld policyHostWith(TestCa.Leaf leaf) throws IOException {
        if (web != null) {
            web.close();
        }
        web = TestHttpsServer.start(POLICY_IP, leaf);
        web.respond(PATH, TestResponse.policy(POLICY));
        return this;
    }

    /** Programs the policy host's answer at the well-known path. */
    CheckWorld respond(TestResponse response) {
        web.respond(PATH, response);
        return this;
    }

    TestHttpsServer web() {
        return web;
    }

    /** An MX sink offering STARTTLS with {@code leaf} at {@code ip}:smtpPort (DNS records are the test's). */
    TestSmtpSink mxWithStartTls(String ip, String name, TestCa.Leaf leaf) {
        TestSmtpSink sink = TestSmtpSink.withStartTls(ip, smtpPort, leaf.serverContext(), name);
        sinks.add(sink);
        return sink;
    }

    /** An MX sink without STARTTLS at {@code ip}:smtpPort. */
    TestSmtpSink mxPlaintext(String ip, String name) {
        TestSmtpSink sink = TestSmtpSink.plaintextOnly(ip, smtpPort, name);
        sinks.add(sink);
        return sink;
    }

    CheckWorld fetchTimeout(Duration value) {
        this.fetchTimeout = value;
        return this;
    }

    CheckWorld withoutSmtp() {
        this.smtp = false;
        return this;
    }

    CheckSettings settings() {
        CheckSettings settings = CheckSettings.defaults()
                .withFetch(FetchSettings.defaults().withPort(web.port()).withConnectTimeout(Duration.ofSeconds(2))
                        .withTotalTimeout(fetchTimeout));
        return smtp ? settings.withSmtp(new SmtpSettings("checker.test", smtpPort, Duration.ofSeconds(2),
                Duration.ofSeconds(5))) : settings.withoutSmtp();
    }

    DomainCheck domainCheck() {
        ResolverSettings resolver = ResolverSettings.builder().server(dns.hostPort()).timeout(Duration.ofSeconds(2))
                .retries(0).build();
        CertificateVerifier verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"),
                Clock.systemUTC());
        return new DomainCheck(new DnsJavaResolver(resolver), verifier, settings(), Clock.systemUTC());
    }

    CheckReport check() {
        return domainCheck().check(DomainName.of(DOMAIN));
    }

    @Override
    public void close() {
        sinks.forEach(TestSmtpSink::close);
        if (web != null) {
            web.close();
        }
        dns.close();
    }
}
