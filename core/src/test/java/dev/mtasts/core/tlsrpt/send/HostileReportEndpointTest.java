package dev.mtasts.core.tlsrpt.send;

import static dev.mtasts.core.tlsrpt.ReportFixtures.DAY;
import static dev.mtasts.core.tlsrpt.ReportFixtures.SUBMITTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.core.tlsrpt.ReportPart;
import dev.mtasts.core.tlsrpt.ReportFixtures;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportDocument;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportId;
import dev.mtasts.core.tlsrpt.ReportUri;
import dev.mtasts.testkit.time.MutableClock;
import dev.mtasts.core.DomainName;
import dev.mtasts.testkit.https.HostileReportEndpoint;
import dev.mtasts.testkit.https.HostileReportEndpoint.Behaviour;
import dev.mtasts.testkit.tls.TestCa;

/**
 * https: rua endpoints chosen by a hostile recipient domain (issue 8, "hostile world"): internal addresses
 * refused before any connection, one deadline per POST, the answer read only up to its cap, redirects not
 * followed, and a slow endpoint holding up neither other domains' reports nor report building.
 */
class HostileReportEndpointTest {
    private static final Duration DEADLINE = Duration.ofSeconds(3); // the first TLS handshake of a JVM on a busy machine is slow
    private static final IpNetwork LOOPBACK = IpNetwork.parse("127.0.0.0/8").value();

    @TempDir
    Path data;

    private static final TestCa CA = TestCa.create();
    private final MapDnsResolver dns = new MapDnsResolver();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    private HostileReportEndpoint endpoint;
    private HostileReportEndpoint other;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private ReportSettings settings(List<IpNetwork> allowed) {
        return ReportSettings.builder().organizationName("Sender Org").contactInfo("tlsrpt@mail.sender.example")
                .sendingEnabled(true).httpsConnectTimeout(Duration.ofSeconds(1)).httpsTimeout(DEADLINE)
                .httpsAllowedNetworks(allowed).sslContext(CA.clientContext()).build();
    }

    private HostileReportEndpoint start(String address, String name, Behaviour behaviour) throws Exception {
        dns.address(name, address);
        return HostileReportEndpoint.start(address, CA.leaf(name), behaviour, Duration.ofMillis(200));
    }

    private static String url(String name, HostileReportEndpoint server) {
        return "https://" + name + ":" + server.port() + "/report";
    }

    private static ReportDocument document(DomainName domain) {
        return ReportDocument.of(part(domain));
    }

    private static ReportPart part(DomainName domain) {
        return new ReportSplitter(5_000_000).split(new Report("O", "a@b.example", "x", DAY, domain,
                ReportFixtures.sampleDay(domain).policies()), new ReportId(DAY, domain, "c0de", SUBMITTER)).get(0);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Nested
    class AddressCheck {
        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', value = {
            "127.0.0.1        | a loopback address",
            "::1              | a loopback address",
            "10.1.2.3         | a private address (RFC 1918)",
            "172.16.0.1       | a private address (RFC 1918)",
            "192.168.1.1      | a private address (RFC 1918)",
            "169.254.169.254  | a link-local address",
            "fe80::1          | a link-local address",
            "100.64.0.1       | a shared (CGNAT) address (RFC 6598)",
            "0.0.0.0          | a 'this network' address",
            "::               | the unspecified address",
            "fc00::1          | a unique-local address (fc00::/7)",
            "fd12:3456::1     | a unique-local address (fc00::/7)",
            "224.0.0.251      | a multicast address",
            "ff02::1          | a multicast address",
            "255.255.255.255  | a reserved or broadcast address",
            "192.0.2.10       | a documentation address",
            "2001:db8::1      | a documentation address",
            "198.18.0.1       | a benchmarking address",
            "::ffff:127.0.0.1 | a loopback address",
            "64:ff9b::a00:1   | a private address (RFC 1918)",
        })
        void shouldRefuseSpecialAddresses(String address, String label) {
            EndpointAddressCheck check = new EndpointAddressCheck(List.of());

            assertThat(check.refusal(IpNetwork.literal(address).orElseThrow())).get().asString().startsWith(label);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"8.8.8.8", "1.1.1.1", "2606:4700::1111", "64:ff9b::808:808", "100.128.0.1", "172.32.0.1"})
        void shouldAllowPublicAddresses(String address) {
            assertThat(new EndpointAddressCheck(List.of()).refusal(IpNetwork.literal(address).orElseThrow())).isEmpty();
        }

        @Test
        void shouldAllowOnlyTheNamedNetworks() {
            EndpointAddressCheck check = new EndpointAddressCheck(List.of(LOOPBACK,
                    IpNetwork.parse("fd00::/8").value()));

            assertThat(check.refusal(IpNetwork.literal("127.0.0.5").orElseThrow())).isEmpty();
            assertThat(check.refusal(IpNetwork.literal("fd00::5").orElseThrow())).isEmpty();
            assertThat(check.refusal(IpNetwork.literal("10.0.0.1").orElseThrow())).isPresent();
            assertThat(check.refusal(IpNetwork.literal("fc00::5").orElseThrow())).isPresent();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {"10.0.0.0/33 | prefix length", "example.com/8 | not an IP network",
            "| not an IP network", "fd00::/129 | prefix length"})
        void shouldRefuseInvalidNetworksWithTheReason(String text, String reason) {
            assertThat(IpNetwork.parse(text).isValid()).isFalse();
            assertThat(IpNetwork.parse(text).describeErrors()).contains(reason);
        }
    }

    @Nested
    class Sender {
        @Test
        void shouldRefuseALoopbackLiteralWithoutConnecting() throws Exception {
            endpoint = start("127.0.0.90", "reports.a.test", Behaviour.ACCEPT);
            HttpsReportSender sender = new HttpsReportSender(settings(List.of()), dns);

            DeliveryOutcome outcome = sender.send(ReportUri.https(endpoint.url("/report")), document(DomainName.of("a.test")));

            assertThat(outcome.error()).get().asString().contains("refused: 127.0.0.90 is a loopback address")
                    .contains("tlsrpt.https.allow.networks");
            assertThat(endpoint.requests()).isEmpty();
            assertThat(endpoint.bytesSent()).isZero();
        }

        @Test
        void shouldRefuseANameWhenAnyOfItsAddressesIsSpecialAndPostNothing() throws Exception {
            endpoint = start("127.0.0.91", "reports.b.test", Behaviour.ACCEPT);
            dns.address("reports.b.test", "127.0.0.91", "10.20.30.40");
            HttpsReportSender sender = new HttpsReportSender(settings(List.of(LOOPBACK)), dns);

            DeliveryOutcome outcome = sender.send(ReportUri.https(url("reports.b.test", endpoint)),
                    document(DomainName.of("b.test")));

            assertThat(outcome.error()).get().asString()
                    .contains("refused: reports.b.test resolves to 10.20.30.40, a private address (RFC 1918)");
            assertThat(endpoint.requests()).isEmpty();
        }

        @Test
        void shouldPostToAnAllowedNetworkAndTrustOnlyTheJdkAnchorsByDefault() throws Exception {
            endpoint = start("127.0.0.92", "reports.c.test", Behaviour.ACCEPT);
            ReportSettings jdkTrust = ReportSettings.builder().organizationName("Sender Org")
                    .contactInfo("tlsrpt@mail.sender.example").httpsTimeout(DEADLINE)
                    .httpsAllowedNetworks(List.of(LOOPBACK)).build();

            DeliveryOutcome allowed = new HttpsReportSender(settings(List.of(LOOPBACK)), dns)
                    .send(ReportUri.https(url("reports.c.test", endpoint)), document(DomainName.of("c.test")));
            DeliveryOutcome untrusted = new HttpsReportSender(jdkTrust, dns)
                    .send(ReportUri.https(url("reports.c.test", endpoint)), document(DomainName.of("c.test")));

            assertThat(allowed.isDelivered()).as("%s", allowed).isTrue();
            assertThat(untrusted.error()).get().asString().containsIgnoringCase("certification path");
            assertThat(endpoint.requests()).hasSize(1);
            assertThat(endpoint.requests().get(0).method).isEqualTo("POST");
        }

        @Test
        void shouldGiveUpOnADrippingEndpointAtTheDeadline() throws Exception {
            endpoint = start("127.0.0.93", "reports.d.test", Behaviour.DRIP);
            HttpsReportSender sender = new HttpsReportSender(settings(List.of(LOOPBACK)), dns);
            long start = System.nanoTime();

            DeliveryOutcome outcome = sender.send(ReportUri.https(url("reports.d.test", endpoint)),
                    document(DomainName.of("d.test")));

            assertThat(since(start)).isGreaterThanOrEqualTo(DEADLINE.minusMillis(100))
                    .isLessThan(DEADLINE.plusMillis(1000));
            assertThat(outcome.error()).get().asString()
                    .contains("did not complete within 3 s (tlsrpt.https.timeout, the whole POST)");
            assertThat(endpoint.requests()).hasSize(1);
        }

        @Test
        void shouldReadAtMostTheCapOfAHugeAnswer() throws Exception {
            endpoint = start("127.0.0.94", "reports.e.test", Behaviour.HUGE_BODY);
            HttpsReportSender sender = new HttpsReportSender(settings(List.of(LOOPBACK)), dns);
            long start = System.nanoTime();

            DeliveryOutcome outcome = sender.send(ReportUri.https(url("reports.e.test", endpoint)),
                    document(DomainName.of("e.test")));

            assertThat(since(start)).isLessThan(DEADLINE);
            assertThat(outcome.isDelivered()).as("a 2xx is delivered, whatever follows: %s", outcome).isTrue();
            // 64 KiB read, plus what the socket buffers took before the connection closed: far from 1 GiB
            assertThat(endpoint.bytesSent()).isLessThan(32L * 1024 * 1024);
        }

        @Test
        void shouldNotFollowARedirect() throws Exception {
            endpoint = start("127.0.0.95", "reports.f.test", Behaviour.REDIRECT);
            HttpsReportSender sender = new HttpsReportSender(settings(List.of(LOOPBACK)), dns);

            DeliveryOutcome outcome = sender.send(ReportUri.https(url("reports.f.test", endpoint)),
                    document(DomainName.of("f.test")));

            assertThat(outcome.error()).get().asString().contains("answered HTTP 302 (redirects are not followed)");
            assertThat(endpoint.requests()).hasSize(1);
        }
    }

    @Nested
    class Delivery {
        @Test
        void shouldDeliverOtherDomainsWhileOneEndpointDripsAndKeepBuildingReports() throws Exception {
            endpoint = start("127.0.0.96", "reports.slow.test", Behaviour.DRIP);
            other = start("127.0.0.97", "reports.fine.test", Behaviour.ACCEPT);
            ReportSettings settings = settings(List.of(LOOPBACK));
            ReportArchive archive = new ReportArchive(data);
            ReportStatusStore store = new ReportStatusStore(data);
            TlsRptTxtLookup lookup = new TlsRptTxtLookup(dns);
            ReportDelivery delivery = new ReportDelivery(List.of(new HttpsReportSender(settings, dns)), lookup,
                    archive, store, clock, new DeliveryBackoff());
            DomainName slow = DomainName.of("slow.test");
            DomainName fine = DomainName.of("fine.test");
            for (DomainName domain : List.of(slow, fine)) {
                ReportPart part = part(domain);
                archive.write(part);
                HostileReportEndpoint target = domain.equals(slow) ? endpoint : other;
                delivery.register(part, new TlsRptTxtLookup.Destinations(List.of(ReportUri.https(
                        url("reports." + domain.asciiName(), target))), ""));
            }
            InMemoryAggregateSource aggregates = new InMemoryAggregateSource();
            aggregates.add(ReportFixtures.sampleDay(DomainName.of("later.test")));
            ReportScheduler scheduler = new ReportScheduler(settings, aggregates, lookup, archive, store, delivery,
                    clock, new Random(7));
            clock.set(scheduler.dueAt());
            long start = System.nanoTime();

            CompletableFuture<Void> deliveries = CompletableFuture.runAsync(scheduler::runDeliveries);
            while (endpoint.requests().isEmpty() && since(start).compareTo(DEADLINE) < 0) {
                Thread.sleep(10); // waiting for the slow endpoint to be reached, not for time to pass
            }
            long buildStart = System.nanoTime();
            scheduler.runReports();
            Duration building = since(buildStart);
            deliveries.get(10, TimeUnit.SECONDS);
            Duration total = since(start);
            scheduler.close();

            assertThat(building).as("building reports does not wait for a delivery").isLessThan(Duration.ofMillis(1500));
            assertThat(archive.list()).extracting(ReportFileName::policyDomain).contains(DomainName.of("later.test"));
            assertThat(other.requests()).hasSize(1);
            assertThat(store.list(DAY)).filteredOn(s -> s.fileName().policyDomain().equals(fine)).singleElement()
                    .satisfies(s -> assertThat(s.destinations().get(0).state()).isEqualTo(DeliveryState.DELIVERED));
            assertThat(store.list(DAY)).filteredOn(s -> s.fileName().policyDomain().equals(slow)).singleElement()
                    .satisfies(s -> assertThat(s.destinations().get(0).lastError()).get().asString()
                            .contains("did not complete within 3 s"));
            assertThat(total).isLessThan(DEADLINE.plusMillis(1500));
        }
    }
}
