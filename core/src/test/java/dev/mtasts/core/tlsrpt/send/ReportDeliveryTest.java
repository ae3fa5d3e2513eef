package dev.mtasts.core.tlsrpt.send;

import static dev.mtasts.core.tlsrpt.ReportFixtures.DAY;
import static dev.mtasts.core.tlsrpt.ReportFixtures.DOMAIN;
import static dev.mtasts.core.tlsrpt.ReportFixtures.SUBMITTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.ReportFixtures;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportId;
import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.core.tlsrpt.TlsRptTxtParser;
import dev.mtasts.testkit.time.MutableClock;
import dev.mtasts.testkit.io.Stderr;

class ReportDeliveryTest {
    private static final Instant START = Instant.parse("2026-11-28T02:00:00Z");
    private static final MapDnsResolver LOCAL_NAMES = new MapDnsResolver().address("localhost", "127.0.0.1");

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(START);
    private final RecordingMailer mailer = new RecordingMailer();
    private LocalHttpsServer server;
    private HttpsReportSender https;
    private ReportArchive archive;
    private ReportStatusStore store;
    private ReportDelivery delivery;

    @BeforeEach
    void start() throws Exception {
        server = new LocalHttpsServer();
        https = new HttpsReportSender(settings(server.clientTrust() != null), LOCAL_NAMES);
        archive = new ReportArchive(data);
        store = new ReportStatusStore(data);
        delivery = newDelivery();
    }

    @AfterEach
    void stop() throws Exception {
        https.close();
        server.close();
    }

    private ReportSettings settings(boolean trustTheTestServer) {
        ReportSettings.Builder builder = ReportSettings.builder().organizationName("Sender Org")
                .contactInfo("tlsrpt@mail.sender.example").sendingEnabled(true)
                .httpsConnectTimeout(Duration.ofSeconds(2)).httpsTimeout(Duration.ofSeconds(5))
                .httpsAllowedNetworks(List.of(IpNetwork.parse("127.0.0.0/8").value()));
        return trustTheTestServer ? builder.sslContext(server.clientTrust()).build() : builder.build();
    }

    private ReportDelivery newDelivery() {
        ReportSettings settings = settings(true);
        return new ReportDelivery(List.of(https, new MailtoReportSender(settings,
                new ReportMessageFactory(settings, clock), mailer)), new TlsRptTxtLookup(new MapDnsResolver()), archive,
                new ReportStatusStore(data), clock, new DeliveryBackoff());
    }

    private ReportStatus written(String... uris) throws Exception {
        ReportPart part = new ReportSplitter(5_000_000).split(new Report("Sender Org", "tlsrpt@mail.sender.example",
                "x", DAY, DOMAIN, ReportFixtures.sampleDay(DOMAIN).policies()), new ReportId(DAY, DOMAIN, "beef", SUBMITTER))
                .get(0);
        archive.write(part);
        List<ReportUri> destinations = new ArrayList<>();
        for (String uri : uris) {
            destinations.add(TlsRptTxtParser.parseUri(uri).value());
        }
        return delivery.register(part, new TlsRptTxtLookup.Destinations(destinations, ""));
    }

    private DeliveryStatus statusOf(ReportStatus report, String uri) throws Exception {
        return store.load(report.fileName()).orElseThrow().destinations().stream()
                .filter(d -> d.uri().equals(uri)).findFirst().orElseThrow();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldPostTheGzipReportWithTheTlsrptMediaTypeWhenTheServerAccepts() throws Exception {
        String uri = server.url("/v1/tlsrpt");
        ReportStatus report = written(uri);
        server.answer(201);

        assertThat(delivery.deliverDue()).isEqualTo(1);

        assertThat(statusOf(report, uri).state()).isEqualTo(DeliveryState.DELIVERED);
        LocalHttpsServer.Received post = server.received().get(0);
        assertThat(post.method).isEqualTo("POST");
        assertThat(post.path).isEqualTo("/v1/tlsrpt");
        assertThat(post.contentType).isEqualTo("application/tlsrpt+gzip");
        assertThat(ReportFixtures.gunzipJson(post.body).get("report-id").asText()).isEqualTo(report.reportId());
    }

    @Test
    void shouldDeliverOnRetryWhenTheServerAnswers500Then201() throws Exception {
        String uri = server.url("/report");
        ReportStatus report = written(uri);
        server.answer(500, 201);

        delivery.deliverDue();
        DeliveryStatus afterFirst = statusOf(report, uri);
        assertThat(afterFirst.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(afterFirst.lastError()).get().asString().contains("HTTP 500");
        assertThat(afterFirst.nextAttempt()).contains(START.plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(4));
        assertThat(delivery.deliverDue()).as("not due yet").isZero();

        clock.advance(Duration.ofMinutes(1));
        delivery.deliverDue();

        DeliveryStatus afterSecond = statusOf(report, uri);
        assertThat(afterSecond.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(afterSecond.attempts()).isEqualTo(2);
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void shouldResumeRetriesWhenRestartedFromTheStatusOnDisk() throws Exception {
        String uri = server.url("/report");
        ReportStatus report = written(uri);
        server.answer(503);
        delivery.deliverDue();

        ReportDelivery afterRestart = newDelivery();
        clock.advance(Duration.ofMinutes(5));
        afterRestart.deliverDue();

        assertThat(statusOf(report, uri).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(store.list(DAY)).singleElement().satisfies(s -> assertThat(s.reportId()).isEqualTo(report.reportId()));
    }

    @Test
    void shouldNotFollowARedirectWhenTheServerAnswers302() throws Exception {
        String uri = server.url("/report");
        ReportStatus report = written(uri);
        server.answer(302);

        delivery.deliverDue();

        assertThat(statusOf(report, uri).lastError()).get().asString().contains("HTTP 302");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void shouldFailTheAttemptWhenTheServerCertificateIsNotTrusted() throws Exception {
        try (HttpsReportSender jdkTrust = new HttpsReportSender(settings(false), LOCAL_NAMES)) {
            ReportPart part = new ReportSplitter(5_000_000).split(new Report("O", "a@b.example", "x", DAY, DOMAIN,
                    ReportFixtures.sampleDay(DOMAIN).policies()), new ReportId(DAY, DOMAIN, "c0de", SUBMITTER)).get(0);

            DeliveryOutcome outcome = jdkTrust.send(ReportUri.https(server.url("/report")), ReportDocument.of(part));

            assertThat(outcome.error()).get().asString().containsIgnoringCase("certification path");
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void shouldFailTheAttemptWhenTheCertificateIsNotForTheHostName() throws Exception {
        ReportPart part = new ReportSplitter(5_000_000).split(new Report("O", "a@b.example", "x", DAY, DOMAIN,
                ReportFixtures.sampleDay(DOMAIN).policies()), new ReportId(DAY, DOMAIN, "c0de", SUBMITTER)).get(0);
        String byName = server.url("/report").replace("127.0.0.1", "localhost"); // the certificate names 127.0.0.1 only

        DeliveryOutcome outcome = https.send(ReportUri.https(byName), ReportDocument.of(part));

        assertThat(outcome.error()).get().asString().contains("localhost").containsIgnoringCase("match");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void shouldGiveUpAfter24HoursWithAWarnWhenTheOnlyHttpsAddressIsUnreachable() throws Exception {
        String unreachable = "https://127.0.0.1:" + closedPort() + "/report";
        String mailto = "mailto:tlsrpt@company-y.example";
        ReportStatus report = written(unreachable, mailto);

        List<Instant> attempts = new ArrayList<>();
        String log = "";
        while (statusOf(report, unreachable).state() == DeliveryState.PENDING) {
            DeliveryStatus pending = statusOf(report, unreachable);
            clock.set(pending.nextAttempt().orElseThrow());
            attempts.add(clock.instant());
            log = Stderr.capture(() -> delivery.deliverDue());
        }

        DeliveryStatus failed = statusOf(report, unreachable);
        assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.lastError()).get().asString().contains("127.0.0.1");
        assertThat(failed.nextAttempt()).isEmpty();
        // first try, then waits of 5, 10, 20, ... minutes, the last exactly 24 h after the first
        assertThat(attempts).startsWith(START, START.plus(Duration.ofMinutes(5)), START.plus(Duration.ofMinutes(15)),
                START.plus(Duration.ofMinutes(35)));
        assertThat(attempts).last().isEqualTo(START.plus(Duration.ofHours(24)));
        assertThat(failed.attempts()).isEqualTo(attempts.size()).isEqualTo(10);
        assertThat(log).contains("WARN").contains(unreachable).contains("given up");
        DeliveryStatus mail = statusOf(report, mailto);
        assertThat(mail.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(mail.attempts()).isEqualTo(1);
        assertThat(mailer.sent()).hasSize(1);
    }

    /** Runs {@code action} and returns what slf4j-simple logged meanwhile (it writes to System.err). */
}
