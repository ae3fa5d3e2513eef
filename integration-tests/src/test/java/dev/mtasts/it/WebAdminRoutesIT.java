package dev.mtasts.it;

import static dev.mtasts.it.MtaStsWorld.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * The plugin's WebAdmin routes in a James started from conf-samples (whose webadmin.properties lists them
 * in {@code extensions.routes}): policies cached by real deliveries, refresh after a policy rotation,
 * eviction, the check walk against a healthy domain, TLS-RPT counts, and James's error shape for bad input.
 */
class WebAdminRoutesIT {
    private static final String SENDER = "alice@sender.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;

    static MtaStsWorld world;
    static JamesServerHarness james;
    static WebAdminClient webAdmin;
    static TestSmtpSink counted;
    static TestSmtpSink healthyMx;
    /** Every request and answer of this class, left in target/samples/ for people to read (docs, reviews). */
    static final Map<String, String> SAMPLES = Collections.synchronizedMap(new LinkedHashMap<>());

    @BeforeAll
    static void deliverThroughJames() throws Exception {
        world = new MtaStsWorld(directory);
        world.mx("sender.test", 10, "mx.sender.test", MxKind.GOOD);
        TestSmtpSink cached = world.mx("cached.test", 10, "mx1.cached.test", MxKind.GOOD);
        world.publishPolicy("cached.test", "id1", policy("enforce", "mx1.cached.test"));
        TestSmtpSink evicted = world.mx("evicted.test", 10, "mx1.evicted.test", MxKind.GOOD);
        world.publishPolicy("evicted.test", "id1", policy("testing", "mx1.evicted.test"));
        world.mx("counted.test", 5, "mx0.counted.test", MxKind.EXPIRED);
        counted = world.mx("counted.test", 10, "mx1.counted.test", MxKind.GOOD);
        world.publishPolicy("counted.test", "id1", policy("enforce", "*.counted.test"));
        healthyMx = healthyDomain("healthy.test");

        james = world.configure(JamesServerHarness.in(directory.resolve("james")))
            .mtaStsProperty("check.smtp.port", Integer.toString(world.smtpPort()))
            .start();
        webAdmin = new WebAdminClient(james.webAdminPort());
        MailSender mail = new MailSender(james.smtpPort());
        mail.send(SENDER, "to cached", "bob@cached.test");
        mail.send(SENDER, "to evicted", "bob@evicted.test");
        mail.send(SENDER, "to counted 1", "bob@counted.test");
        mail.send(SENDER, "to counted 2", "carol@counted.test");
        Eventually.await("the mails at their MX hosts", () -> cached.messages().size() + evicted.messages().size()
            + counted.messages().size(), delivered -> delivered == 4);
    }

    /** A domain whose policy host and MX have 90-day certificates, with a TLS-RPT record: every check passes. */
    private static TestSmtpSink healthyDomain(String domain) throws Exception {
        TestCa ca = world.ca();
        Instant now = Instant.now();
        world.publishTxt(domain, "20261128");
        world.servePolicyWithCertificate(domain, ca.issue(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)),
            "mta-sts." + domain), TestResponse.policy(policy("enforce", "mx1." + domain)));
        world.dns().txt("_smtp._tls." + domain, 300, "v=TLSRPTv1; rua=mailto:tlsrpt@" + domain);
        String address = world.nextAddress();
        world.dns().mx(domain, 300, 10, "mx1." + domain).a("mx1." + domain, 300, address);
        return TestSmtpSink.withStartTls(address, world.smtpPort(), ca.issue(now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(90)), "mx1." + domain).serverContext(), "mx1." + domain);
    }

    @AfterAll
    static void stopAll() throws IOException {
        Path samples = Files.createDirectories(Path.of("target", "samples"));
        Files.writeString(samples.resolve("webadmin-routes.txt"), String.join("\n", SAMPLES.values()));
        if (james != null) {
            james.close();
        }
        if (healthyMx != null) {
            healthyMx.close();
        }
        if (world != null) {
            world.close();
        }
    }

    private static HttpResponse<String> kept(HttpResponse<String> response) {
        String request = response.request().method() + " " + response.request().uri().getRawPath();
        SAMPLES.put(request + " " + response.statusCode(), "$ curl -X " + request + "\n" + response.statusCode() + "\n"
            + pretty(response.body()) + "\n");
        return response;
    }

    private static String pretty(String body) {
        try {
            return body.isEmpty() ? "(empty body)" : JSON.readTree(body).toPrettyString();
        } catch (IOException e) {
            return body;
        }
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws Exception {
        kept(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static void assertJamesError(HttpResponse<String> response, int status, String type, String message)
        throws Exception {
        JsonNode error = JSON.readTree(kept(response).body());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(error.get("statusCode").asInt()).isEqualTo(status);
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).contains(message);
        assertThat(error.has("details")).isTrue();
    }

    @Nested
    class Policies {
        @Test
        void shouldListThePoliciesCachedByDeliveries() throws Exception {
            JsonNode list = json(webAdmin.get("/mta-sts/policies"), 200);

            assertThat(list.findValuesAsText("domain")).contains("cached.test", "counted.test");
            JsonNode cached = one(list, "cached.test");
            assertThat(cached.get("mode").asText()).isEqualTo("enforce");
            assertThat(cached.get("mx").get(0).asText()).isEqualTo("mx1.cached.test");
            assertThat(Instant.parse(cached.get("expires").asText()))
                .isEqualTo(Instant.parse(cached.get("fetched").asText()).plusSeconds(86400));
            assertThat(cached.has("last_refresh_error")).isFalse();
        }

        @Test
        void shouldAnswerOnePolicyWithItsFields() throws Exception {
            JsonNode policy = json(webAdmin.get("/mta-sts/policies/Cached.Test."), 200);

            assertThat(policy.get("domain").asText()).isEqualTo("cached.test");
            assertThat(policy.get("id").asText()).isEqualTo("id1");
            assertThat(policy.get("max_age").asLong()).isEqualTo(86400);
        }

        @Test
        void shouldAnswer404WhenNoPolicyIsCached() throws Exception {
            assertJamesError(webAdmin.get("/mta-sts/policies/never-seen.test"), 404, "notFound",
                "No MTA-STS policy of never-seen.test is cached");
        }

        @Test
        void shouldAnswer400InJamesErrorShapeWhenTheDomainIsInvalid() throws Exception {
            assertJamesError(webAdmin.get("/mta-sts/policies/bad..test"), 400, "InvalidArgument", "is not a valid domain name");
            assertJamesError(webAdmin.post("/mta-sts/policies/bad..test/refresh"), 400, "InvalidArgument",
                "is not a valid domain name");
            assertJamesError(webAdmin.delete("/mta-sts/policies/bad..test"), 400, "InvalidArgument",
                "is not a valid domain name");
        }

        @Test
        void shouldFetchTheNewPolicyWhenRefreshedAfterARotation() throws Exception {
            world.publishPolicy("cached.test", "id2", policy("enforce", "mx1.cached.test", "mx2.cached.test"));

            JsonNode lookup = json(webAdmin.post("/mta-sts/policies/cached.test/refresh"), 200);

            assertThat(lookup.get("kind").asText()).isEqualTo("policy");
            assertThat(lookup.get("policy").get("id").asText()).isEqualTo("id2");
            assertThat(lookup.get("policy").get("mx").toString()).contains("mx2.cached.test");
            assertThat(lookup.has("failure")).isFalse();
            assertThat(json(webAdmin.get("/mta-sts/policies/cached.test"), 200).get("id").asText()).isEqualTo("id2");
        }

        @Test
        void shouldForgetThePolicyWhenEvicted() throws Exception {
            assertThat(json(webAdmin.get("/mta-sts/policies/evicted.test"), 200).get("mode").asText())
                .isEqualTo("testing");

            HttpResponse<String> deleted = kept(webAdmin.delete("/mta-sts/policies/evicted.test"));

            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            assertJamesError(webAdmin.get("/mta-sts/policies/evicted.test"), 404, "notFound", "evicted.test");
            assertJamesError(webAdmin.delete("/mta-sts/policies/evicted.test"), 404, "notFound", "evicted.test");
            assertThat(json(webAdmin.get("/mta-sts/policies"), 200).findValuesAsText("domain"))
                .doesNotContain("evicted.test");
        }

        private JsonNode one(JsonNode list, String domain) {
            for (JsonNode policy : list) {
                if (policy.get("domain").asText().equals(domain)) {
                    return policy;
                }
            }
            throw new AssertionError("no " + domain + " in " + list);
        }
    }

    @Nested
    class Check {
        @Test
        void shouldPassEveryStepWhenTheDomainIsHealthy() throws Exception {
            JsonNode report = json(webAdmin.get("/mta-sts/check/healthy.test"), 200);

            assertThat(report.get("domain").asText()).isEqualTo("healthy.test");
            assertThat(report.get("result").asText()).as(report.toPrettyString()).isEqualTo("pass");
            assertThat(report.get("exit_code").asInt()).isZero();
            assertThat(report.get("counts").get("pass").asInt()).isEqualTo(8);
            assertThat(report.get("steps").findValuesAsText("status")).hasSize(8).containsOnly("pass");
            assertThat(report.get("steps").get(6).get("title").asText()).contains("mx1.healthy.test");
            assertThat(healthyMx.connectionCount()).isPositive();
            assertThat(healthyMx.messages()).isEmpty();
        }

        @Test
        void shouldAnswer400WhenTheDomainIsInvalid() throws Exception {
            assertJamesError(webAdmin.get("/mta-sts/check/bad..test"), 400, "InvalidArgument", "is not a valid domain name");
        }

        @Test
        void shouldAnswer400WithTheControlCharacterEscapedWhenTheDomainHasOne() throws Exception {
            HttpResponse<String> response = webAdmin.get("/mta-sts/check/evil%1B%5B2J.test");

            assertJamesError(response, 400, "InvalidArgument", "evil\\x1B[2J.test");
            assertThat(response.body()).doesNotContain("\\u001b", "\\u001B");
        }

        @Test
        void shouldAnswerAFindingNotA500WhenTheNameIsTooLongForMtaSts() throws Exception {
            String label = "a".repeat(63);
            String domain = label + "." + label + "." + label + "." + "b".repeat(59); // 251 characters, valid

            JsonNode report = json(webAdmin.get("/mta-sts/check/" + domain), 200);

            assertThat(report.get("result").asText()).isEqualTo("fail");
            JsonNode first = report.get("steps").get(0);
            assertThat(first.get("status").asText()).isEqualTo("fail");
            assertThat(first.get("cause").asText()).contains("would be longer than 253 characters: no sender can"
                + " discover or fetch a policy for this domain");
        }
    }

    @Nested
    class Reports {
        @Test
        void shouldCountTodaysSessionsPerDomainAndResultType() throws Exception {
            String today = LocalDate.now(ZoneOffset.UTC).toString();

            // RFC 8460 counts sessions: the two mails went over one or two sessions (session reuse).
            JsonNode day = Eventually.await("the counted.test sessions in the day's totals",
                () -> json(webAdmin.get("/mta-sts/reports/" + today), 200),
                node -> domain(node, "counted.test").path("successful_sessions").asLong() == counted.connectionCount());

            assertThat(day.get("day").asText()).isEqualTo(today);
            JsonNode counted = domain(day, "counted.test");
            assertThat(counted.get("failed_sessions").asLong()).isEqualTo(2);
            assertThat(counted.get("failures").get("certificate-expired").asLong()).isEqualTo(2);
            assertThat(domain(day, "cached.test").get("failed_sessions").asLong()).isZero();
            assertThat(day.get("reports")).isEmpty();
        }

        @Test
        void shouldListTheDaysWithData() throws Exception {
            String today = LocalDate.now(ZoneOffset.UTC).toString();

            JsonNode days = Eventually.await("today in the list of days",
                () -> json(webAdmin.get("/mta-sts/reports"), 200).get("days"),
                list -> list.findValuesAsText("day").contains(today));

            JsonNode todays = days.get(days.size() - 1);
            assertThat(todays.get("day").asText()).isEqualTo(today);
            assertThat(todays.get("successful_sessions").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(todays.get("domains").findValuesAsText("domain")).contains("cached.test", "counted.test");
        }

        @Test
        void shouldPrintTheSameCountsWithTheCommandLineOnJamesDataDirectory() throws Exception {
            Path dataDirectory = james.workingDirectory().resolve("var/mta-sts");
            String today = LocalDate.now(ZoneOffset.UTC).toString();

            String out = Eventually.await("the checkpoint of counted.test's sessions, read by report summary",
                () -> reportSummary("--data-dir", dataDirectory.toString(), "--day", today),
                text -> text.matches("(?s).*\\ncounted\\.test +2 +2  certificate-expired +2\\n.*"));

            assertThat(out).contains("TLS-RPT sessions on " + today + " (UTC)").contains("cached.test");
            SAMPLES.put("report summary", "$ java -jar james-mta-sts-cli.jar report summary --data-dir <james>/var/mta-sts"
                + " --day " + today + "\n" + out);
        }

        /** Runs the packaged command line jar as an operator would, beside the running James. */
        private String reportSummary(String... args) throws Exception {
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-jar", System.getProperty(JamesWorkingDirectory.CLI_JAR_PROPERTY), "report",
                "summary"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(out).isZero();
            return out;
        }

        @Test
        void shouldAnswer400WhenTheDayIsNotADate() throws Exception {
            assertJamesError(webAdmin.get("/mta-sts/reports/2026-13-45"), 400, "InvalidArgument",
                "Invalid day '2026-13-45'");
        }

        private JsonNode domain(JsonNode day, String name) {
            for (JsonNode domain : day.get("domains")) {
                if (domain.get("domain").asText().equals(name)) {
                    return domain;
                }
            }
            return JSON.createObjectNode();
        }
    }
}
