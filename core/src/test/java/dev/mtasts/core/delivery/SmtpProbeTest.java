package dev.mtasts.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.ResultType;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/** {@link SmtpProbe} against real SubEthaSMTP sinks: what it finds, and that it never sends mail. */
class SmtpProbeTest {
    private static final DomainName MX = DomainName.of("mx1.example.test");
    private static final String IP = "127.0.0.37";

    private final TestCa ca = TestCa.create();
    private int port;
    private SmtpProbe probe;
    private TestSmtpSink sink;

    @BeforeEach
    void setUp() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(IP))) {
            port = free.getLocalPort();
        }
        CertificateVerifier verifier = new CertificateVerifier(TrustSettings.fromKeyStore(ca.trustStore(), "test CA"),
                Clock.systemUTC());
        probe = new SmtpProbe(new SmtpSettings("checker.test", port, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                PkixSessionTrust.factory(verifier));
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    private SmtpProbeResult probe() throws Exception {
        return probe.probe(MX, InetAddress.getByName(IP));
    }

    @Test
    void shouldReportTlsAndAValidCertificateWithoutSendingMailWhenTheMxIsGood() throws Exception {
        TestCa.Leaf leaf = ca.leaf(MX.asciiName());
        sink = TestSmtpSink.withStartTls(IP, port, leaf.serverContext(), MX.asciiName());

        SmtpProbeResult result = probe();

        assertThat(result.stage()).isEqualTo(SmtpProbeResult.Stage.TLS);
        assertThat(result.protocol()).get().isIn("TLSv1.2", "TLSv1.3");
        assertThat(result.certificateFailure()).isEmpty();
        assertThat(result.peerChain()).containsExactly(leaf.certificate());
        assertThat(result.ehloName()).contains(MX.asciiName());
        assertThat(sink.connectionCount()).isEqualTo(1);
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void shouldRecordTheProblemAndFinishTheSessionWhenTheCertificateIsExpired() throws Exception {
        sink = TestSmtpSink.withStartTls(IP, port, ca.expiredLeaf(MX.asciiName()).serverContext(), MX.asciiName());

        SmtpProbeResult result = probe();

        assertThat(result.stage()).isEqualTo(SmtpProbeResult.Stage.TLS);
        assertThat(result.certificateFailure().get().resultType()).isEqualTo(ResultType.CERTIFICATE_EXPIRED);
    }

    @Test
    void shouldSayStartTlsIsMissingWhenTheMxOffersNone() throws Exception {
        sink = TestSmtpSink.plaintextOnly(IP, port, MX.asciiName());

        SmtpProbeResult result = probe();

        assertThat(result.stage()).isEqualTo(SmtpProbeResult.Stage.NO_STARTTLS);
        assertThat(result.protocol()).isEmpty();
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void shouldSayTheConnectionFailedWhenNothingListens() throws Exception {
        SmtpProbeResult result = probe();

        assertThat(result.stage()).isEqualTo(SmtpProbeResult.Stage.CONNECT_FAILED);
        assertThat(result.detail()).containsIgnoringCase("refused");
    }
}
