package dev.mtasts.core.diagnostics;

import static dev.mtasts.core.diagnostics.CheckWorld.DOMAIN;
import static dev.mtasts.core.diagnostics.CheckWorld.MX1;
import static dev.mtasts.core.diagnostics.CheckWorld.POLICY_HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.mtasts.testkit.https.TestResponse;
import dev.mtasts.testkit.smtp.TestSmtpSink;
import dev.mtasts.testkit.tls.TestCa;

/**
 * The walk against real local set-ups: a healthy one, then each cause of "MTA-STS policy is missing" (DNS
 * record, subdomain, web server, certificate, file permissions, policy syntax) and the MX and TLS-RPT
 * problems, each broken in one place, each asserted on the step that names it.
 */
class DomainCheckTest {
    private CheckWorld world;

    @BeforeEach
    void healthyWorld() throws Exception {
        world = new CheckWorld();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private static CheckStep only(CheckReport report, int number) {
        List<CheckStep> steps = report.step(number);
        assertThat(steps).as("steps numbered %d in %s", number, report).hasSize(1);
        return steps.get(0);
    }

    private static List<CheckStatus> statuses(CheckReport report) {
        return report.steps().stream().map(CheckStep::status).collect(Collectors.toList());
    }

    private static void assertSkipped(CheckReport report, int... numbers) {
        for (int number : numbers) {
            assertThat(only(report, number).status()).as("step %d", number).isEqualTo(CheckStatus.SKIPPED);
        }
    }

    @Nested
    class WhenEverythingIsRight {
        @Test
        void shouldPassEveryStepWhenTheSetUpIsHealthy() {
            CheckReport report = world.check();

            assertThat(report.overall()).as("%s", report).isEqualTo(CheckStatus.PASS);
            assertThat(report.steps()).extracting(CheckStep::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(statuses(report)).containsOnly(CheckStatus.PASS);
            assertThat(only(report, 1).summary()).isEqualTo("v=STSv1; id=20260101T000000;");
            assertThat(only(report, 1).details()).contains("id: 20260101T000000");
            assertThat(only(report, 2).summary()).isEqualTo("resolves to 127.0.0.60");
            assertThat(only(report, 3).summary()).matches("TLSv1\\.[23], certificate valid for mta-sts.example.test");
            assertThat(only(report, 4).summary()).startsWith("200, text/plain, " + CheckWorld.POLICY.length() + " bytes");
            assertThat(only(report, 5).summary()).isEqualTo("mode enforce, max_age 604800 (1 week), mx"
                    + " mx1.example.test, *.mail.example.test");
            assertThat(only(report, 6).details()).containsExactly("mx mx1.example.test: matches 'mx1.example.test'");
            assertThat(only(report, 7).summary()).matches("STARTTLS, TLSv1\\.[23], certificate valid for mx1.example.test");
            assertThat(only(report, 8).details()).contains("rua: mailto:tlsrpt@example.test");
        }

        @Test
        void shouldProbeTheMxWithoutSendingMail() {
            TestSmtpSink mx2 = world.mxWithStartTls("127.0.0.62", "mx2.mail.example.test",
                    world.goodLeaf("mx2.mail.example.test"));
            world.dns.mx(DOMAIN, 300, 20, "mx2.mail.example.test").a("mx2.mail.example.test", 300, "127.0.0.62");

            CheckReport report = world.check();

            assertThat(report.step(7)).extracting(CheckStep::status).containsExactly(CheckStatus.PASS, CheckStatus.PASS);
            assertThat(mx2.connectionCount()).isEqualTo(1);
            assertThat(mx2.messages()).isEmpty();
        }

        @Test
        void shouldShowTheCnameDelegationWhenTheTxtRecordIsDelegated() {
            world.dns.remove("_mta-sts." + DOMAIN).cname("_mta-sts." + DOMAIN, 300, "_mta-sts.provider.test")
                    .txt("_mta-sts.provider.test", 300, "v=STSv1; id=abc;");

            CheckStep txt = only(world.check(), 1);

            assertThat(txt.status()).isEqualTo(CheckStatus.PASS);
            assertThat(txt.details()).contains("CNAME: _mta-sts.example.test -> _mta-sts.provider.test");
        }

        @Test
        void shouldListDiscardedRecordsWhenOtherTxtRecordsShareTheName() {
            world.dns.txt("_mta-sts." + DOMAIN, 300, "v=spf1 -all");

            CheckStep txt = only(world.check(), 1);

            assertThat(txt.status()).isEqualTo(CheckStatus.PASS);
            assertThat(txt.details()).contains("discarded (not v=STSv1): \"v=spf1 -all\"");
        }

        @Test
        void shouldReportSmtpAsSkippedWhenProbingIsTurnedOff() {
            CheckReport report = world.withoutSmtp().check();

            assertThat(only(report, 7).status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(only(report, 7).cause()).contains("--no-smtp");
            assertThat(report.overall()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void shouldPassWhenTheChainIncludesItsIntermediate() throws Exception {
            TestCa intermediate = world.ca.intermediate("Test Intermediate CA");
            Instant now = Instant.now();
            world.policyHostWith(intermediate.issue(now.minusSeconds(60), now.plus(Duration.ofDays(90)), POLICY_HOST));

            CheckStep https = only(world.check(), 3);

            assertThat(https.status()).isEqualTo(CheckStatus.PASS);
            assertThat(https.details()).hasSize(2);
            assertThat(https.details().get(1)).startsWith("chain[1]: 'CN=Test Intermediate CA'");
        }
    }

    @Nested
    class WhenTheTxtRecordIsBroken {
        @Test
        void shouldSayTheRecordDoesNotExistWhenTheNameIsNxdomain() {
            world.dns.remove("_mta-sts." + DOMAIN);

            CheckReport report = world.check();

            CheckStep txt = only(report, 1);
            assertThat(txt.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(txt.summary()).isEqualTo("NXDOMAIN");
            assertThat(txt.cause()).startsWith("_mta-sts.example.test does not exist");
            assertThat(txt.fix()).contains("publish one TXT record at _mta-sts.example.test: \"v=STSv1; id=");
            assertSkipped(report, 2, 3, 4, 5, 6);
            assertThat(only(report, 2).cause()).contains("depends on step 1");
            assertThat(only(report, 7).status()).isEqualTo(CheckStatus.PASS);
            assertThat(only(report, 8).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void shouldSayTheNameHasNoTxtRecordWhenTheAnswerIsNodata() {
            world.dns.remove("_mta-sts." + DOMAIN).a("_mta-sts." + DOMAIN, 300, "127.0.0.99");

            CheckStep txt = only(world.check(), 1);

            assertThat(txt.summary()).isEqualTo("NODATA");
            assertThat(txt.cause()).startsWith("_mta-sts.example.test exists but has no TXT record");
        }

        @Test
        void shouldSayTheLookupFailedWhenTheServerAnswersServfail() {
            world.dns.servfail("_mta-sts." + DOMAIN);

            CheckStep txt = only(world.check(), 1);

            assertThat(txt.summary()).isEqualTo("DNS lookup failed");
            assertThat(txt.cause()).contains("SERVFAIL").contains("no answer is not the same as no record");
        }

        @ParameterizedTest(name = "{3}")
        @CsvSource(delimiter = '|', value = {
            "v=STSv1; id=2024-01-01 | | the id '2024-01-01' contains '-' | syntax error in the id",
            "v=STSv2; id=20240101 | | has the version 'v=STSv2'; the only MTA-STS version is STSv1 | wrong version",
            "v=STSv1; id=a | v=STSv1; id=b | found 2 STSv1 records | two STSv1 records",
            "v=STSv1 id=20240101 | | fields must be separated by ';' | missing separator",
            "v=STSv1; | | the record has no id field | no id",
        })
        void shouldNameTheProblemWhenTheRecordIsUnusable(String first, String second, String expected, String reason) {
            world.dns.remove("_mta-sts." + DOMAIN).txt("_mta-sts." + DOMAIN, 300, first);
            if (second != null) {
                world.dns.txt("_mta-sts." + DOMAIN, 300, second);
            }

            CheckStep txt = only(world.withoutSmtp().check(), 1);

            assertThat(txt.status()).as(reason).isEqualTo(CheckStatus.FAIL);
            assertThat(txt.cause()).as(reason).contains(expected);
            assertThat(txt.fix()).as(reason).contains(second == null ? "publish exactly one TXT record"
                    : "delete all but one of the v=STSv1 TXT records");
        }
    }

    @Nested
    class WhenThePolicyHostIsBroken {
        @Test
        void shouldSayTheSubdomainDoesNotExistWhenItIsNxdomain() {
            world.dns.remove(POLICY_HOST);

            CheckReport report = world.withoutSmtp().check();

            CheckStep host = only(report, 2);
            assertThat(host.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(host.cause()).startsWith("the subdomain mta-sts.example.test does not exist");
            assertThat(host.fix()).isEqualTo("add an A/AAAA or CNAME record for mta-sts.example.test pointing at the"
                    + " web server that hosts the policy");
            assertSkipped(report, 3, 4, 5, 6);
        }

        @Test
        void shouldSayTheLookupFailedWhenThePolicyHostsServerAnswersServfail() {
            world.dns.servfail(POLICY_HOST);

            CheckStep host = only(world.withoutSmtp().check(), 2);

            assertThat(host.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(host.summary()).isEqualTo("DNS lookup failed");
            assertThat(host.cause()).contains("SERVFAIL");
        }

        @Test
        void shouldShowTheCnameWhenThePolicyHostPointsAtAMissingName() {
            world.dns.remove(POLICY_HOST).cname(POLICY_HOST, 300, "sites.hosting.test");

            CheckStep host = only(world.withoutSmtp().check(), 2);

            assertThat(host.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(host.cause()).contains("sites.hosting.test does not exist");
            assertThat(host.details()).containsExactly("CNAME: mta-sts.example.test -> sites.hosting.test");
        }

        @Test
        void shouldSayTheConnectionIsRefusedWhenNothingListensAtTheAddress() {
            world.dns.remove(POLICY_HOST).a(POLICY_HOST, 300, "127.0.0.64");

            CheckReport report = world.withoutSmtp().check();

            CheckStep https = only(report, 3);
            assertThat(only(report, 2).summary()).isEqualTo("resolves to 127.0.0.64");
            assertThat(https.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(https.summary()).isEqualTo("connect-refused");
            assertThat(https.cause()).startsWith("could not connect to fetch https://mta-sts.example.test:");
            assertThat(https.fix()).contains("run an HTTPS server for mta-sts.example.test");
            assertSkipped(report, 4, 5, 6);
        }
    }

    @Nested
    class WhenTheWebServerIsBroken {
        @Test
        void shouldSayTheFileIsMissingWhenTheServerAnswers404() {
            world.respond(TestResponse.status(404));

            CheckReport report = world.withoutSmtp().check();

            CheckStep http = only(report, 4);
            assertThat(http.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(http.cause()).endsWith("answered 404 Not Found: the web server has no file at"
                    + " /.well-known/mta-sts.txt");
            assertThat(http.fix()).contains("under the document root");
            assertThat(only(report, 3).status()).isEqualTo(CheckStatus.PASS);
            assertSkipped(report, 5, 6);
        }

        @Test
        void shouldSayTheServerMayNotReadTheFileWhenItAnswers403() {
            world.respond(TestResponse.status(403));

            CheckStep http = only(world.withoutSmtp().check(), 4);

            assertThat(http.cause()).contains("answered 403 Forbidden: the file is there but the web server is not"
                    + " allowed to read or serve it");
            assertThat(http.fix()).startsWith("the web server cannot read the file: fix the permissions");
        }

        @Test
        void shouldShowTheTargetAndNotFollowWhenTheServerRedirects() {
            world.respond(TestResponse.redirect(301, "https://www.example.test/mta-sts.txt"));

            CheckStep http = only(world.withoutSmtp().check(), 4);

            assertThat(http.summary()).isEqualTo("http-redirect-301");
            assertThat(http.cause()).contains("answered 301 redirecting to https://www.example.test/mta-sts.txt;"
                    + " senders do not follow redirects");
            assertThat(http.details()).contains("Location: https://www.example.test/mta-sts.txt");
            assertThat(world.web().requests()).hasSize(1);
        }

        @Test
        void shouldNameTheContentTypeWhenItIsNotTextPlain() {
            world.respond(TestResponse.ok("text/html", CheckWorld.POLICY.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

            CheckStep http = only(world.withoutSmtp().check(), 4);

            assertThat(http.summary()).isEqualTo("wrong-content-type");
            assertThat(http.cause()).contains("Content-Type 'text/html'");
            assertThat(http.fix()).contains("Content-Type: text/plain");
        }

        @Test
        void shouldGiveTheSizeWhenTheFileIsLargerThan64KiB() {
            world.respond(TestResponse.largeBody(70_000));

            CheckStep http = only(world.withoutSmtp().check(), 4);

            assertThat(http.summary()).isEqualTo("body-too-large");
            assertThat(http.cause()).contains("announced a body of 70000 bytes; policies larger than 65536 bytes");
        }

        @Test
        void shouldWarnWhenTheAnswerTakesMoreThanHalfTheFetchTimeout() {
            // 66 bytes at 55 ms each: at least 3.6 s of a 6 s timeout, paced by the server (no sleep in the
            // test); the 2.4 s left keep the test green on a loaded machine
            world.respond(TestResponse.trickle(CheckWorld.POLICY, Duration.ofMillis(55)))
                    .fetchTimeout(Duration.ofSeconds(6));

            CheckReport report = world.withoutSmtp().check();

            CheckStep http = only(report, 4);
            assertThat(http.status()).as("%s", http).isEqualTo(CheckStatus.WARN);
            assertThat(http.cause()).contains("more than half of the 6 s fetch timeout");
            assertThat(only(report, 5).status()).isEqualTo(CheckStatus.PASS);
        }

        @Test
        void shouldSayTheServerDidNotAnswerInTimeWhenItStalls() {
            world.respond(TestResponse.stallBeforeHeaders()).fetchTimeout(Duration.ofMillis(800));

            CheckReport report = world.withoutSmtp().check();

            assertThat(only(report, 3).status()).isEqualTo(CheckStatus.PASS);
            CheckStep http = only(report, 4);
            assertThat(http.summary()).isEqualTo("timeout");
            assertThat(http.cause()).contains("did not answer within the 800 ms fetch timeout");
        }
    }

    @Nested
    class WhenTheCertificateIsBroken {
        @Test
        void shouldSayItExpiredWhenTheCertificateIsPastItsEnd() throws Exception {
            world.policyHostWith(world.ca.expiredLeaf(POLICY_HOST));

            CheckReport report = world.withoutSmtp().check();

            CheckStep https = only(report, 3);
            assertThat(https.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(https.summary()).isEqualTo("certificate refused (certificate-expired)");
            assertThat(https.cause()).contains("expired on");
            assertThat(https.fix()).startsWith("renew the certificate of mta-sts.example.test");
            assertSkipped(report, 4, 5, 6);
        }

        @Test
        void shouldSayItIsSelfSignedWhenNoCaIssuedIt() throws Exception {
            world.policyHostWith(TestCa.selfSignedLeaf(POLICY_HOST));

            CheckStep https = only(world.withoutSmtp().check(), 3);

            assertThat(https.summary()).isEqualTo("certificate refused (certificate-not-trusted)");
            assertThat(https.cause()).contains("is self-signed");
            assertThat(https.fix()).contains("issued by a public certificate authority");
        }

        @Test
        void shouldNameTheCertificatesNamesWhenTheyDoNotCoverThePolicyHost() throws Exception {
            world.policyHostWith(world.goodLeaf("www.example.test"));

            CheckStep https = only(world.withoutSmtp().check(), 3);

            assertThat(https.summary()).isEqualTo("certificate refused (certificate-host-mismatch)");
            assertThat(https.cause()).contains("is valid only for www.example.test, not for mta-sts.example.test");
            assertThat(https.fix()).contains("subjectAltName includes mta-sts.example.test");
        }

        @Test
        void shouldSayTheIntermediateIsMissingWhenOnlyTheLeafIsSent() throws Exception {
            TestCa intermediate = world.ca.intermediate("Test Intermediate CA");
            Instant now = Instant.now();
            world.policyHostWith(intermediate.issue(now.minusSeconds(60), now.plus(Duration.ofDays(90)), POLICY_HOST)
                    .withoutIntermediates());

            CheckStep https = only(world.withoutSmtp().check(), 3);

            assertThat(https.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(https.cause()).startsWith("incomplete certificate chain: the server sent only the certificate"
                    + " for mta-sts.example.test without the intermediate certificate of its issuer"
                    + " 'CN=Test Intermediate CA'");
            assertThat(https.fix()).contains("send the full chain");
        }

        @Test
        void shouldWarnWhenTheCertificateExpiresWithinFourteenDays() throws Exception {
            Instant now = Instant.now();
            world.policyHostWith(world.ca.issue(now.minusSeconds(60), now.plus(Duration.ofDays(5)), POLICY_HOST));

            CheckReport report = world.withoutSmtp().check();

            CheckStep https = only(report, 3);
            assertThat(https.status()).isEqualTo(CheckStatus.WARN);
            assertThat(https.cause()).contains("presented for mta-sts.example.test expires on").contains("in 4 days");
            assertThat(https.fix()).startsWith("renew the certificate of mta-sts.example.test now");
            assertThat(only(report, 5).status()).isEqualTo(CheckStatus.PASS);
            assertThat(report.overall()).isEqualTo(CheckStatus.WARN);
        }
    }

    @Nested
    class WhenThePolicyFileIsBroken {
        @ParameterizedTest(name = "{3}")
        @CsvSource(delimiter = '|', value = {
            "version: STSv1\\nmode: enforce\\nmax_age: 604800\\n | FAIL | line 2: the mode is enforce but the policy"
                    + " has no 'mx' line | missing mx under enforce",
            "version: STSv1\\nmode: enforce\\nmx: mx1.example.test\\nmax_age: 1w\\n | FAIL | line 4: max_age '1w' is"
                    + " not a whole number | max_age not a number",
            "version: STSv1\\nmode: enforce\\nmx: mx1.example.test\\nmax_age: 99999999\\n | FAIL | is larger than"
                    + " 31557600 | max_age above one year",
            "version: STSv1\\nMode: enforce\\nmx: mx1.example.test\\nmax_age: 604800\\n | FAIL | the policy has no"
                    + " 'mode' line; add 'mode: enforce', 'mode: testing' or 'mode: none' (RFC 8461 §3.2) (line 2 has"
                    + " the key 'Mode' | Mode capitalised",
            "version: STSv2\\nmode: enforce\\nmx: mx1.example.test\\nmax_age: 604800\\n | FAIL | line 1: the version is"
                    + " 'STSv2' | wrong version",
            "version: STSv1\\n\\nmode: enforce\\nmx: mx1.example.test\\nmax_age: 604800\\n | WARN | line 2: the line is"
                    + " blank | blank line",
            "version: STSv1\\nmode: enforce\\nmx: mx1.example.test\\nmax_age: 3600\\n | WARN | max_age 3600 is less"
                    + " than a day | max_age under a day",
            "version: STSv1\\nmode: none\\nmax_age: 604800\\n | WARN | mode none: senders apply no MTA-STS policy |"
                    + " mode none",
        })
        void shouldReportTheParsersReasonWithItsLine(String policy, CheckStatus status, String expected, String reason) {
            world.respond(TestResponse.policy(policy.replace("\\n", "\n")));

            CheckReport report = world.withoutSmtp().check();

            CheckStep content = only(report, 5);
            assertThat(only(report, 4).status()).as(reason).isEqualTo(CheckStatus.PASS);
            assertThat(content.status()).as(reason).isEqualTo(status);
            assertThat(content.cause()).as(reason).contains(expected);
            assertThat(content.fix()).as(reason).isNotEmpty();
        }

        @Test
        void shouldSayTheFileIsNotUtf8WhenItHoldsOtherBytes() {
            world.respond(TestResponse.ok("text/plain", "version: STSv1\nmode: enforce\nmx: mx\u00e9.example.test\n"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));

            CheckReport report = world.withoutSmtp().check();

            assertThat(only(report, 4).status()).isEqualTo(CheckStatus.PASS);
            CheckStep content = only(report, 5);
            assertThat(content.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(content.cause()).contains("is not valid UTF-8 (line 3: byte 0xe9");
        }

        @Test
        void shouldRecommendAWeekWhenMaxAgeIsUnderADay() {
            world.respond(TestResponse.policy("version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 3600\n"));

            CheckStep content = only(world.withoutSmtp().check(), 5);

            assertThat(content.fix()).contains("at least one week, e.g. 'max_age: 604800' or more");
        }

        @Test
        void shouldAdviseEnforceWhenTheModeIsTesting() {
            world.respond(TestResponse.policy("version: STSv1\nmode: testing\nmx: mx1.example.test\nmax_age: 604800\n"));

            CheckStep content = only(world.withoutSmtp().check(), 5);

            assertThat(content.status()).isEqualTo(CheckStatus.PASS);
            assertThat(content.details()).anyMatch(line -> line.contains("switch to 'mode: enforce'"));
        }

        @Test
        void shouldSkipTheMxMatchButStillProbeTheMxWhenThePolicyIsInvalid() {
            world.respond(TestResponse.policy("version: STSv1\nmode: enforce\nmax_age: 604800\n"));

            CheckReport report = world.check();

            assertThat(only(report, 6).status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(only(report, 6).cause()).contains("depends on step 5");
            assertThat(only(report, 7).status()).isEqualTo(CheckStatus.PASS);
        }
    }

    @Nested
    class WhenAnMxIsBroken {
        private static final String MX2 = "mx2.mail.example.test";
        private static final String MX2_IP = "127.0.0.62";

        private void addMx2() {
            world.dns.mx(DOMAIN, 300, 20, MX2).a(MX2, 300, MX2_IP);
        }

        private CheckStep mx2Step(CheckReport report) {
            List<CheckStep> steps = report.step(7);
            assertThat(steps).hasSize(2);
            assertThat(steps.get(0).title()).startsWith("STARTTLS " + MX1 + ":");
            assertThat(steps.get(0).status()).isEqualTo(CheckStatus.PASS);
            assertThat(steps.get(1).title()).startsWith("STARTTLS " + MX2 + ":");
            return steps.get(1);
        }

        @Test
        void shouldFailUnderEnforceWhenAnMxMatchesNoPattern() {
            world.dns.mx(DOMAIN, 300, 20, "mx.other.test").a("mx.other.test", 300, "127.0.0.63");
            world.mxWithStartTls("127.0.0.63", "mx.other.test", world.goodLeaf("mx.other.test"));

            CheckReport report = world.check();

            CheckStep match = only(report, 6);
            assertThat(match.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(match.summary()).isEqualTo("1 of 2 MX hosts match the policy");
            assertThat(match.cause()).isEqualTo("the MX mx.other.test matches no mx line of the policy"
                    + " (mx1.example.test, *.mail.example.test): under enforce, senders will not deliver mail to it");
            assertThat(match.fix()).startsWith("add 'mx: mx.other.test'");
        }

        @Test
        void shouldWarnUnderTestingWhenAnMxMatchesNoPattern() {
            world.respond(TestResponse.policy("version: STSv1\nmode: testing\nmx: mx1.example.test\nmax_age: 604800\n"));
            world.dns.mx(DOMAIN, 300, 20, "mx.other.test");

            CheckStep match = only(world.withoutSmtp().check(), 6);

            assertThat(match.status()).isEqualTo(CheckStatus.WARN);
            assertThat(match.cause()).contains("under testing senders still deliver");
        }

        @Test
        void shouldSayStartTlsIsMissingWhenTheMxOffersNone() {
            addMx2();
            world.mxPlaintext(MX2_IP, MX2);

            CheckStep step = mx2Step(world.check());

            assertThat(step.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(step.summary()).isEqualTo("no STARTTLS");
            assertThat(step.cause()).isEqualTo(MX2 + " does not offer STARTTLS (starttls-not-supported); under"
                    + " enforce, senders will not deliver mail to it");
        }

        @Test
        void shouldSayTheCertificateExpiredWhenTheMxPresentsAnExpiredOne() {
            addMx2();
            TestSmtpSink sink = world.mxWithStartTls(MX2_IP, MX2, world.ca.expiredLeaf(MX2));

            CheckStep step = mx2Step(world.check());

            assertThat(step.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(step.summary()).matches("STARTTLS TLSv1\\.[23], certificate refused \\(certificate-expired\\)");
            assertThat(step.cause()).contains("expired on");
            assertThat(step.fix()).startsWith("renew the certificate of " + MX2);
            assertThat(sink.messages()).isEmpty();
        }

        @Test
        void shouldWarnWhenTheMxCertificateExpiresWithinFourteenDays() {
            addMx2();
            Instant now = Instant.now();
            world.mxWithStartTls(MX2_IP, MX2, world.ca.issue(now.minusSeconds(60), now.plus(Duration.ofDays(3)), MX2));

            CheckStep step = mx2Step(world.check());

            assertThat(step.status()).isEqualTo(CheckStatus.WARN);
            assertThat(step.cause()).contains("presented for " + MX2 + " expires on");
        }

        @Test
        void shouldNameTheMismatchWhenTheMxCertificateIsForAnotherName() {
            addMx2();
            world.mxWithStartTls(MX2_IP, MX2, world.goodLeaf("smtp.elsewhere.test"));

            CheckStep step = mx2Step(world.check());

            assertThat(step.summary()).contains("certificate-host-mismatch");
            assertThat(step.cause()).contains("valid only for smtp.elsewhere.test, not for " + MX2);
        }

        @Test
        void shouldWarnInsteadOfFailingUnderTesting() {
            world.respond(TestResponse.policy("version: STSv1\nmode: testing\nmx: mx1.example.test\nmx: *.mail.example.test\n"
                    + "max_age: 604800\n"));
            addMx2();
            world.mxPlaintext(MX2_IP, MX2);

            CheckStep step = mx2Step(world.check());

            assertThat(step.status()).isEqualTo(CheckStatus.WARN);
            assertThat(step.cause()).contains("under testing senders still deliver");
        }

        @Test
        void shouldFailBothMxStepsWhenTheMxLookupFails() {
            world.dns.servfail(DOMAIN, org.xbill.DNS.Type.MX);

            CheckReport report = world.check();

            assertThat(only(report, 6).status()).isEqualTo(CheckStatus.FAIL);
            assertThat(only(report, 6).cause()).contains("SERVFAIL");
            assertThat(only(report, 7).status()).isEqualTo(CheckStatus.FAIL);
        }

        @Test
        void shouldCheckTheDomainItselfWhenThereIsNoMxRecord() {
            world.dns.remove(DOMAIN, org.xbill.DNS.Type.MX);
            world.dns.a(DOMAIN, 300, "127.0.0.65");

            CheckReport report = world.withoutSmtp().check();

            CheckStep match = only(report, 6);
            assertThat(match.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(match.details()).anyMatch(line -> line.contains("senders deliver to example.test itself"));
            assertThat(match.cause()).startsWith("the MX example.test matches no mx line");
        }

        @Test
        void shouldWarnThatNothingIsProtectedWhenTheDomainHasANullMx() {
            world.dns.remove(DOMAIN, org.xbill.DNS.Type.MX);
            world.dns.nullMx(DOMAIN);

            CheckReport report = world.check();

            assertThat(only(report, 6).status()).isEqualTo(CheckStatus.WARN);
            assertThat(only(report, 6).cause()).contains("null MX (RFC 7505)");
            assertThat(only(report, 7).status()).isEqualTo(CheckStatus.SKIPPED);
        }

        @Test
        void shouldSayTheMxCannotBeReachedWhenNothingListens() {
            addMx2();

            CheckStep step = mx2Step(world.check());

            assertThat(step.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(step.cause()).startsWith("could not open an SMTP session with " + MX2 + " at " + MX2_IP);
        }
    }

    @Nested
    class WhenTheTlsRptRecordIsBroken {
        @Test
        void shouldWarnWhenThereIsNoRecord() {
            world.dns.remove("_smtp._tls." + DOMAIN);

            CheckReport report = world.withoutSmtp().check();

            CheckStep tlsrpt = only(report, 8);
            assertThat(tlsrpt.status()).isEqualTo(CheckStatus.WARN);
            assertThat(tlsrpt.cause()).startsWith("no TLS-RPT record");
            assertThat(tlsrpt.fix()).contains("\"v=TLSRPTv1; rua=mailto:tlsrpt@example.test\"");
            assertThat(report.overall()).isEqualTo(CheckStatus.WARN);
        }

        @Test
        void shouldFailWhenTheRecordIsMalformed() {
            world.dns.remove("_smtp._tls." + DOMAIN).txt("_smtp._tls." + DOMAIN, 300, "v=TLSRPTv1; rua=http://r.example.test/");

            CheckStep tlsrpt = only(world.withoutSmtp().check(), 8);

            assertThat(tlsrpt.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(tlsrpt.cause()).contains("'http://r.example.test/': the scheme 'http:' is not supported");
        }
    }
}
