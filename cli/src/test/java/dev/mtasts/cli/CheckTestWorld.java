package dev.mtasts.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.mtasts.testkit.net.FreePorts;
import dev.mtasts.testkit.dns.TestDnsServer;
import dev.mtasts.testkit.https.TestHttpsServer;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/**
 * A healthy MTA-STS set-up for example.test on loopback for the {@code check} command: DNS server, policy
 * host mta-sts.example.test (127.0.0.70) with a 90-day certificate from a test CA, the MX mx1.example.test
 * (127.0.0.71) with STARTTLS, a TLS-RPT record; and the command line that points the check at it.
 */
final class CheckTestWorld implements AutoCloseable {
    static final String PATH = "/.well-known/mta-sts.txt";
    static final String POLICY = "version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 604800\n";

    final TestCa ca = TestCa.create();
    final TestDnsServer dns = TestDnsServer.start();
    final TestHttpsServer web;
    final TestSmtpSink mx;
    private final Path trustStore;
    private final int smtpPort;

    CheckTestWorld(Path directory) throws IOException {
        smtpPort = FreePorts.loopback();
        trustStore = ca.writeTrustStore(directory.resolve("trust.p12"), "secret".toCharArray());
        dns.txt("_mta-sts.example.test", 300, "v=STSv1; id=20260101T000000;");
        dns.a("mta-sts.example.test", 300, "127.0.0.70");
        dns.mx("example.test", 300, 10, "mx1.example.test").a("mx1.example.test", 300, "127.0.0.71");
        dns.txt("_smtp._tls.example.test", 300, "v=TLSRPTv1; rua=mailto:tlsrpt@example.test");
        web = TestHttpsServer.start("127.0.0.70", leaf("mta-sts.example.test"));
        web.respond(PATH, TestResponse.policy(POLICY));
        mx = TestSmtpSink.withStartTls("127.0.0.71", smtpPort, leaf("mx1.example.test").serverContext(),
                "mx1.example.test");
    }

    private TestCa.Leaf leaf(String name) {
        Instant now = Instant.now();
        return ca.issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)), name);
    }

    /** {@code check example.test} pointed at this world, then {@code extra}. */
    String[] args(String... extra) {
        List<String> args = new ArrayList<>(List.of("check", "example.test", "--resolver", dns.hostPort(),
                "--trust-store", trustStore.toString(), "--trust-store-password", "secret",
                "--https-port", String.valueOf(web.port()), "--smtp-port", String.valueOf(smtpPort),
                "--timeout", "5s", "--dns-timeout", "2s", "--smtp-timeout", "5s", "--helo", "checker.test"));
        args.addAll(Arrays.asList(extra));
        return args.toArray(new String[0]);
    }

    @Override
    public void close() {
        mx.close();
        web.close();
        dns.close();
    }
}
