package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static dev.mtasts.it.ReportMails.gzip;
import static dev.mtasts.it.ReportMails.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mtasts.it.MtaStsWorld.MxKind;
import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/**
 * Received TLS reports in a James started from conf-samples: report mails submitted over SMTP to the
 * postmaster's rua address are ingested by the sample's IngestTlsRptReport and shown by WebAdmin; a
 * duplicate is not counted twice; an unreadable one is kept aside and counted, and like the others still
 * reaches the postmaster's mailbox (no bounce). The same James, with a few days of outbound deliveries, serves
 * the dashboard page, which {@link DashboardPage} opens in a real headless Chromium.
 */
class ReceivedReportsIT {
    static final String POSTMASTER = "postmaster@localhost";
    static final String REPORTER = "noreply-tlsrpt@reporter.example";
    static final String HOSTILE_ORGANIZATION = "<img src=x id=injected onerror=alert(1)>Evil & Co";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** James's today once the deliveries are done (its clock moved 4 days ahead by then). */
    static LocalDate TODAY;

    @TempDir
    static Path directory;

    static MtaStsWorld world;
    static JamesServerHarness james;
    static WebAdminClient webAdmin;
    static TestSmtpSink senderMx;
    static final SettableClock CLOCK = new SettableClock();
    static final List<TestSmtpSink> SINKS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        world = new MtaStsWorld(directory);
        senderMx = world.mx("reporter.example", 10, "mx.reporter.example", MxKind.GOOD);
        james = world.configure(JamesServerHarness.in(directory.resolve("james"))).clock(CLOCK).start();
        webAdmin = new WebAdminClient(james.webAdminPort());
        webAdmin.createUser(POSTMASTER, "secret");
        deliverOutboundOverSomeDays();
        submitReports();
    }

    /**
     * Three UTC days of deliveries (today, in 2 and in 4 days: the test CA's certificates are valid from now, so
     * James's clock only moves forward): successes, an expired certificate, an MX without STARTTLS.
     */
    private static void deliverOutboundOverSomeDays() throws Exception {
        TestSmtpSink good = longLivedMx("good.test", 10, "mx1.good.test");
        publishLongLivedPolicy("good.test", policy("enforce", "mx1.good.test"));
        world.mx("mixed.test", 5, "mx0.mixed.test", MxKind.EXPIRED);
        TestSmtpSink mixed = longLivedMx("mixed.test", 10, "mx1.mixed.test");
        publishLongLivedPolicy("mixed.test", policy("enforce", "*.mixed.test"));
        TestSmtpSink plain = world.mx("plain.test", 10, "mx1.plain.test", MxKind.NO_STARTTLS);
        publishLongLivedPolicy("plain.test", policy("testing", "mx1.plain.test"));
        MailSender mail = new MailSender(james.smtpPort());
        int delivered = 0;
        int[][] rounds = {{0, 3}, {2, 1}, {4, 2}};
        for (int[] round : rounds) {
            CLOCK.jumpTo(Instant.now().plus(Duration.ofDays(round[0])));
            for (int i = 0; i < round[1]; i++) {
                mail.send("alice@localhost", "to good " + i, "bob@good.test");
                mail.send("alice@localhost", "to mixed " + i, "bob@mixed.test");
                mail.send("alice@localhost", "to plain " + i, "bob@plain.test");
                delivered += 3;
            }
            int expected = delivered;
            Eventually.await("the mails at their MX hosts", () -> good.messages().size() + mixed.messages().size()
                + plain.messages().size(), count -> count == expected);
        }
        TODAY = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
    }

    /** An MX whose certificate stays valid for 30 days (the world's leaves last one day; the clock moves 4). */
    private static TestSmtpSink longLivedMx(String domain, int preference, String host) {
        String address = world.nextAddress();
        world.dns().mx(domain, 0, preference, host).a(host, 0, address);
        TestSmtpSink sink = TestSmtpSink.withStartTls(address, world.smtpPort(), longLivedLeaf(host).serverContext(), host);
        SINKS.add(sink);
        return sink;
    }

    private static void publishLongLivedPolicy(String domain, String text) throws Exception {
        world.publishTxt(domain, "id1");
        world.servePolicyWithCertificate(domain, longLivedLeaf("mta-sts." + domain), TestResponse.policy(text));
    }

    private static TestCa.Leaf longLivedLeaf(String name) {
        Instant now = Instant.now();
        return world.ca().issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), name);
    }

    /** Reports for the last week from three reporters, one of them twice, and one unreadable report. */
    private static void submitReports() throws Exception {
        List<String> mails = new ArrayList<>();
        for (int day = 1; day <= 6; day++) {
            LocalDate date = TODAY.minusDays(day);
            mails.add(ReportMails.mail(REPORTER, POSTMASTER, "application/tlsrpt+gzip", gzip(report(
                "Big Mailbox Provider Inc.", date + "_ours.test@mailbox.example", date,
                ReportMails.policy("ours.test", "sts", 900 + 40L * day),
                ReportMails.policy("shop.ours.test", "sts", 120 + 5L * day, "starttls-not-supported", day % 3)))));
            if (day % 2 == 0) {
                mails.add(ReportMails.mail(REPORTER, POSTMASTER, "application/json", report(
                    "Office Suite Corporation", "office-" + day, date,
                    ReportMails.policy("ours.test", "no-policy-found", 10, "sts-policy-fetch-error", 20 + day))
                    .getBytes(StandardCharsets.UTF_8)));
            }
        }
        mails.add(ReportMails.mail(REPORTER, POSTMASTER, "application/tlsrpt+gzip", gzip(report(HOSTILE_ORGANIZATION,
            "hostile-1", TODAY.minusDays(1), ReportMails.policy("ours.test", "sts", 5, "certificate-expired", 2)))));
        // the first report again, as a reporter retrying: not counted twice
        mails.add(mails.get(0));
        // unreadable: a count that is no number
        mails.add(ReportMails.mail(REPORTER, POSTMASTER, "application/tlsrpt+gzip", gzip(report("Broken Reporter",
            "broken-1", TODAY.minusDays(1), ReportMails.policy("ours.test", "sts", 1).replace(":1,", ":\"one\",")))));
        for (String mail : mails) {
            ReportMails.submit(james.smtpPort(), REPORTER, POSTMASTER, mail);
        }
        int expected = mails.size();
        Eventually.await("every report mail in the postmaster's mailbox", ReceivedReportsIT::postmasterMessages,
            count -> count == expected);
    }

    private static long postmasterMessages() throws Exception {
        HttpResponse<String> response = webAdmin.get("/users/" + POSTMASTER + "/mailboxes/INBOX/messageCount");
        return response.statusCode() == 200 ? Long.parseLong(response.body().trim()) : -1;
    }

    @AfterAll
    static void stop() throws Exception {
        if (james != null) {
            james.close();
        }
        SINKS.forEach(TestSmtpSink::close);
        if (world != null) {
            world.close();
        }
    }

    static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = webAdmin.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Nested
    class Ingest {
        @Test
        void shouldShowWhatReceiversReportedPerOwnDomainWhenTheReportsWereMailedToTheRua() throws Exception {
            JsonNode received = getJson("/mta-sts/received");

            assertThat(received.path("domains").findValuesAsText("domain")).containsExactly("ours.test", "shop.ours.test");
            JsonNode ours = received.path("domains").get(0);
            assertThat(ours.path("check").asText()).isEqualTo("/mta-sts/check/ours.test");
            long mailboxProvider = 6 * 900 + 40 * (1 + 2 + 3 + 4 + 5 + 6);
            assertThat(ours.path("successful_sessions").asLong()).isEqualTo(mailboxProvider + 3 * 10 + 5);
            assertThat(ours.path("failures").path("sts-policy-fetch-error").asLong()).isEqualTo(22 + 24 + 26);
            assertThat(ours.path("failures").path("certificate-expired").asLong()).isEqualTo(2);
            JsonNode dayTwo = ours.path("days").get(4);
            assertThat(dayTwo.path("day").asText()).isEqualTo(TODAY.minusDays(2).toString());
            assertThat(dayTwo.path("reporters").findValuesAsText("reporter"))
                .containsExactly("Big Mailbox Provider Inc.", "Office Suite Corporation");
            assertThat(dayTwo.path("details").get(0).path("failure_reason_code").asText())
                .isEqualTo("policy is missing: HTTP 404");
        }

        @Test
        void shouldCountADuplicateOnceAndKeepTheUnreadableReportAsideWithItsReason() throws Exception {
            JsonNode received = getJson("/mta-sts/received");

            assertThat(received.path("duplicates").asLong()).isEqualTo(1);
            assertThat(received.path("set_aside").asLong()).isEqualTo(1);
            assertThat(received.path("set_aside_latest").get(0).path("reason").asText())
                .contains("total-successful-session-count is not a non-negative 64-bit integer");
            JsonNode day = getJson("/mta-sts/received/ours.test?days=7").path("days").get(5);
            assertThat(day.path("day").asText()).isEqualTo(TODAY.minusDays(1).toString());
            assertThat(day.path("successful_sessions").asLong()).isEqualTo(940 + 5);
        }

        @Test
        void shouldBounceNothingAndLeaveNoMailInTheErrorRepositories() throws Exception {
            for (String repository : List.of("memory://var/mail/error", "memory://var/mail/address-error")) {
                HttpResponse<String> mails = webAdmin.get("/mailRepositories/"
                    + URLEncoder.encode(repository, StandardCharsets.UTF_8) + "/mails");
                // James creates a memory repository when the first mail is stored in it
                assertThat(mails.statusCode() == 404 ? "never created" : mails.body()).as(repository)
                    .isIn("never created", "[]");
            }
            assertThat(senderMx.messages()).as("no bounce went back to a sender").isEmpty();
            assertThat(postmasterMessages()).isEqualTo(6 + 3 + 1 + 1 + 1);
        }

        @Test
        void shouldAnswer400WhenTheDaysAreNotANumber() throws Exception {
            HttpResponse<String> response = webAdmin.get("/mta-sts/received?days=many");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("Invalid days 'many'");
        }
    }

    @Nested
    class DashboardPage {
        @Test
        void shouldServeThePageAndItsFilesWithTheirTypesAndAPolicyThatForbidsRemoteLoads() throws Exception {
            HttpResponse<String> page = webAdmin.get("/mta-sts/dashboard");
            HttpResponse<String> script = webAdmin.get("/mta-sts/dashboard/assets/uPlot.iife.min.js");
            HttpResponse<String> style = webAdmin.get("/mta-sts/dashboard/assets/dashboard.css");
            HttpResponse<String> unknown = webAdmin.get("/mta-sts/dashboard/assets/..%2F..%2Fpom.xml");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'"));
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            assertThat(script.body()).contains("uPlot");
            assertThat(style.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
            assertThat(unknown.statusCode()).isEqualTo(404);
        }

        @Test
        void shouldPlotOutboundSessionsByResultAndWhatReceiversReportedWhenOpenedInABrowser() throws Exception {
            try (DashboardBrowser browser = DashboardBrowser.open()) {
                browser.load("http://127.0.0.1:" + james.webAdminPort() + "/mta-sts/dashboard");

                assertThat(browser.canvasCount("#outbound-all")).isEqualTo(1);
                assertThat(browser.legend("#outbound-all"))
                    .containsExactly("UTC day", "success", "starttls-not-supported", "certificate-expired");
                assertThat(browser.texts("#outbound-top td:first-child"))
                    .containsExactly("mixed.test", "plain.test", "good.test");
                assertThat(browser.canvasCount(".domain-card[data-domain='ours.test']")).isEqualTo(1);
                assertThat(browser.legend(".domain-card[data-domain='ours.test']"))
                    .containsExactly("UTC day", "success", "certificate-expired", "sts-policy-fetch-error");
                assertThat(browser.legend(".domain-card[data-domain='shop.ours.test']"))
                    .containsExactly("UTC day", "success", "starttls-not-supported");
                assertThat(browser.texts(".domain-card[data-domain='ours.test'] td")).contains(HOSTILE_ORGANIZATION);
                assertThat(browser.count("#injected")).as("report text is never HTML").isZero();
                assertThat(browser.attribute(".domain-card[data-domain='ours.test'] a.check", "href"))
                    .endsWith("/mta-sts/check/ours.test");
                assertThat(browser.severeLogEntries()).as("browser console errors").isEmpty();
                Path png = browser.screenshot(Path.of("target", "screenshots", "tlsrpt-dashboard.png"));
                assertThat(png).isNotEmptyFile();
            }
        }
    }
}
