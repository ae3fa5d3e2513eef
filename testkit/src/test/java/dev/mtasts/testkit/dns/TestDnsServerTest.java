package dev.mtasts.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class TestDnsServerTest {
    private TestDnsServer server;
    private SimpleResolver client;

    @BeforeEach
    void start() {
        server = TestDnsServer.start();
        client = new SimpleResolver(server.address());
        client.setTimeout(Duration.ofSeconds(5)); // answers come at once; the machine may be loaded
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Message ask(String name, int type) throws IOException {
        return client.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    }

    private static List<Record> answers(Message response) {
        return response.getSection(Section.ANSWER);
    }

    @Nested
    class Data {
        @Test
        void shouldAnswerOneTxtRecordMadeOfSeveralStringsWithItsTtl() throws IOException {
            server.txt("_mta-sts.example.com", 1234, "v=STSv1; ", "id=20260101;");

            Message response = ask("_mta-sts.example.com", Type.TXT);

            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(answers(response)).hasSize(1);
            TXTRecord txt = (TXTRecord) answers(response).get(0);
            assertThat(txt.getStrings()).containsExactly("v=STSv1; ", "id=20260101;");
            assertThat(txt.getTTL()).isEqualTo(1234);
        }

        @Test
        void shouldAnswerEachTxtCallAsASeparateRecord() throws IOException {
            server.txt("example.com", 60, "one").txt("example.com", 60, "two");

            assertThat(answers(ask("example.com", Type.TXT))).hasSize(2);
        }

        @Test
        void shouldSendRawBytesUnchangedWhenGivenTxtBytes() throws IOException {
            byte[] raw = {'i', 'd', '=', (byte) 0xe9, (byte) 0xff, '\\'};
            server.txtBytes("example.com", 60, raw);

            TXTRecord txt = (TXTRecord) answers(ask("example.com", Type.TXT)).get(0);

            assertThat(txt.getStringsAsByteArrays()).containsExactly(raw);
        }

        @Test
        void shouldSendStringsWithoutInterpretingEscapesWhenGivenTxt() throws IOException {
            server.txt("example.com", 60, "a\\059b\"c");

            TXTRecord txt = (TXTRecord) answers(ask("example.com", Type.TXT)).get(0);

            assertThat(new String(txt.getStringsAsByteArrays().get(0), StandardCharsets.UTF_8)).isEqualTo("a\\059b\"c");
        }

        @Test
        void shouldRejectATxtStringLongerThan255Bytes() {
            assertThatThrownBy(() -> server.txt("example.com", 60, "x".repeat(256)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void shouldAnswerMxARecordsAaaaAndNullMx() throws IOException {
            server.mx("example.com", 300, 20, "mx2.example.com").mx("example.com", 300, 10, "mx1.example.com")
                    .a("mx1.example.com", 30, "127.0.0.10").aaaa("mx1.example.com", 40, "::1")
                    .nullMx("nomail.example.com");

            assertThat(answers(ask("example.com", Type.MX)).stream().map(r -> ((MXRecord) r).getTarget().toString())
                    .collect(Collectors.toList())).containsExactly("mx2.example.com.", "mx1.example.com.");
            assertThat(((ARecord) answers(ask("mx1.example.com", Type.A)).get(0)).getAddress().getHostAddress())
                    .isEqualTo("127.0.0.10");
            assertThat(((AAAARecord) answers(ask("mx1.example.com", Type.AAAA)).get(0)).getAddress().isLoopbackAddress())
                    .isTrue();
            MXRecord nullMx = (MXRecord) answers(ask("nomail.example.com", Type.MX)).get(0);
            assertThat(nullMx.getPriority()).isZero();
            assertThat(nullMx.getTarget()).isEqualTo(Name.root);
        }

        @Test
        void shouldMatchNamesIgnoringCaseAndTrailingDot() throws IOException {
            server.txt("Example.COM.", 60, "x");

            assertThat(answers(ask("example.com", Type.TXT))).hasSize(1);
            assertThat(server.queryCount("EXAMPLE.com.", Type.TXT)).isEqualTo(1);
        }

        @Test
        void shouldReflectChangesMadeBetweenQueries() throws IOException {
            server.txt("example.com", 60, "old");
            assertThat(answers(ask("example.com", Type.TXT))).hasSize(1);

            server.remove("example.com", Type.TXT).txt("example.com", 60, "new").txt("example.com", 60, "newer");
            assertThat(answers(ask("example.com", Type.TXT))).hasSize(2);

            server.clear();
            assertThat(ask("example.com", Type.TXT).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }

        @Test
        void shouldAnswerTheSameOverTcp() throws IOException {
            server.txt("example.com", 60, "over tcp");
            client.setTCP(true);

            assertThat(answers(ask("example.com", Type.TXT))).hasSize(1);
            assertThat(server.queries()).extracting(ReceivedQuery::transport)
                    .containsExactly(ReceivedQuery.Transport.TCP);
        }

        @Test
        void shouldRejectANonLoopbackAddress() {
            assertThatThrownBy(() -> TestDnsServer.start("192.0.2.1", 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void shouldListenOnAnotherLoopbackAddressWhenAsked() throws IOException {
            try (TestDnsServer other = TestDnsServer.start("127.0.0.53", 0)) {
                other.a("host.test", 60, "127.0.0.9");
                SimpleResolver otherClient = new SimpleResolver(other.address());
                otherClient.setTimeout(Duration.ofSeconds(5));

                Message response = otherClient.send(Message.newQuery(
                        Record.newRecord(Name.fromString("host.test."), Type.A, DClass.IN)));

                assertThat(other.hostPort()).isEqualTo("127.0.0.53:" + other.port());
                assertThat(answers(response)).hasSize(1);
            }
        }
    }

    @Nested
    class NegativeAnswers {
        @Test
        void shouldAnswerNxdomainWithSoaCarryingTheNegativeTtlWhenTheNameHasNoData() throws IOException {
            server.negativeTtl(77);

            Message response = ask("nothing.example.com", Type.TXT);

            assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(answers(response)).isEmpty();
            SOARecord soa = (SOARecord) response.getSection(Section.AUTHORITY).get(0);
            assertThat(soa.getMinimum()).isEqualTo(77);
            assertThat(soa.getTTL()).isEqualTo(77);
        }

        @Test
        void shouldAnswerNodataWhenTheNameHasOtherTypesOnly() throws IOException {
            server.a("example.com", 60, "127.0.0.1");

            Message response = ask("example.com", Type.TXT);

            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answers(response)).isEmpty();
            assertThat(response.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
        }
    }

    @Nested
    class Behaviours {
        @Test
        void shouldAnswerServfailForEveryTypeWhenAskedTo() throws IOException {
            server.txt("example.com", 60, "x").servfail("example.com");

            assertThat(ask("example.com", Type.TXT).getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(ask("example.com", Type.MX).getRcode()).isEqualTo(Rcode.SERVFAIL);
        }

        @Test
        void shouldAnswerRefusedForOneTypeOnlyWhenAskedTo() throws IOException {
            server.txt("example.com", 60, "x").refused("example.com", Type.MX);

            assertThat(ask("example.com", Type.MX).getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(ask("example.com", Type.TXT).getRcode()).isEqualTo(Rcode.NOERROR);
        }

        @Test
        void shouldAnswerAnyRcodeWhenAskedTo() throws IOException {
            server.rcode("example.com", -1, Rcode.FORMERR);

            assertThat(ask("example.com", Type.A).getRcode()).isEqualTo(Rcode.FORMERR);
        }

        @ParameterizedTest(name = "tcp={0}")
        @ValueSource(booleans = {false, true})
        void shouldNeverAnswerADroppedNameSoTheClientTimesOut(boolean tcp) {
            server.txt("example.com", 60, "x").drop("example.com");
            client.setTCP(tcp);
            client.setTimeout(Duration.ofMillis(300));

            assertThatThrownBy(() -> ask("example.com", Type.TXT)).isInstanceOf(IOException.class);
            assertThat(server.queryCount("example.com", Type.TXT)).isGreaterThanOrEqualTo(1);
        }

        @Test
        void shouldAnswerAgainWhenTheBehaviourIsRemoved() throws IOException {
            server.servfail("example.com", Type.TXT).txt("example.com", 60, "x");
            server.remove("example.com", Type.TXT);
            server.txt("example.com", 60, "back");

            assertThat(answers(ask("example.com", Type.TXT))).hasSize(1);
        }
    }

    @Nested
    class Truncation {
        private void addLargeTxtSet() {
            for (int i = 0; i < 12; i++) {
                server.txt("big.example.com", 60, i + "x".repeat(200));
            }
        }

        @Test
        void shouldSetTcWhenTheUdpAnswerIsTooLong() throws IOException {
            addLargeTxtSet();
            client.setIgnoreTruncation(true);

            Message response = ask("big.example.com", Type.TXT);

            assertThat(response.getHeader().getFlag(Flags.TC)).isTrue();
            assertThat(answers(response)).isEmpty();
        }

        @Test
        void shouldTruncateAt512BytesWhenTheClientSendsNoEdns() throws IOException {
            server.txt("mid.example.com", 60, "x".repeat(250)).txt("mid.example.com", 60, "y".repeat(250));
            client.setIgnoreTruncation(true);

            assertThat(ask("mid.example.com", Type.TXT).getHeader().getFlag(Flags.TC)).isFalse();
            client.setEDNS(-1, 0, 0, List.of());
            assertThat(ask("mid.example.com", Type.TXT).getHeader().getFlag(Flags.TC)).isTrue();
        }

        @Test
        void shouldServeTheWholeAnswerOverTcpWhenTheClientRetries() throws IOException {
            addLargeTxtSet();

            Message response = ask("big.example.com", Type.TXT);

            assertThat(answers(response)).hasSize(12);
            assertThat(server.queries()).extracting(ReceivedQuery::transport)
                    .containsExactly(ReceivedQuery.Transport.UDP, ReceivedQuery.Transport.TCP);
        }
    }

    @Nested
    class Cnames {
        @Test
        void shouldAnswerTheChainAndTheTargetRecordsByDefault() throws IOException {
            server.cname("_mta-sts.example.com", 100, "_mta-sts.provider.test")
                    .cname("_mta-sts.provider.test", 200, "sts.provider.test")
                    .txt("sts.provider.test", 300, "v=STSv1; id=1;");

            List<Record> answer = answers(ask("_mta-sts.example.com", Type.TXT));

            assertThat(answer).extracting(Record::getType).containsExactly(Type.CNAME, Type.CNAME, Type.TXT);
        }

        @Test
        void shouldAnswerTheFirstCnameAloneWhenTargetsAreNotIncluded() throws IOException {
            server.includeCnameTargets(false)
                    .cname("_mta-sts.example.com", 100, "sts.provider.test")
                    .txt("sts.provider.test", 300, "v=STSv1; id=1;");

            List<Record> answer = answers(ask("_mta-sts.example.com", Type.TXT));

            assertThat(answer).singleElement().isInstanceOf(CNAMERecord.class);
        }

        @Test
        void shouldAnswerTheCnameItselfWhenAskedForCname() throws IOException {
            server.cname("alias.example.com", 100, "target.example.com").a("target.example.com", 60, "127.0.0.2");

            assertThat(answers(ask("alias.example.com", Type.CNAME))).singleElement().isInstanceOf(CNAMERecord.class);
        }

        @Test
        void shouldStopAtALoopAndStillAnswer() throws IOException {
            server.cname("a.example.com", 60, "b.example.com").cname("b.example.com", 60, "a.example.com");

            Message response = ask("a.example.com", Type.TXT);

            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answers(response)).extracting(Record::getType).containsExactly(Type.CNAME, Type.CNAME);
        }

        @Test
        void shouldAnswerNxdomainWithTheChainWhenTheTargetDoesNotExist() throws IOException {
            server.cname("alias.example.com", 60, "gone.example.com");

            Message response = ask("alias.example.com", Type.TXT);

            assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(answers(response)).singleElement().isInstanceOf(CNAMERecord.class);
        }
    }

    @Nested
    class QueryLog {
        @Test
        void shouldCountQueriesPerNameAndTypeAndForgetThemOnReset() throws IOException {
            server.txt("example.com", 60, "x");
            ask("example.com", Type.TXT);
            ask("example.com", Type.TXT);
            ask("example.com", Type.MX);

            assertThat(server.queryCount("example.com", Type.TXT)).isEqualTo(2);
            assertThat(server.queryCount("example.com", Type.MX)).isEqualTo(1);
            assertThat(server.queries()).extracting(ReceivedQuery::typeName).containsExactly("TXT", "TXT", "MX");

            server.resetQueryLog();
            assertThat(server.queries()).isEmpty();
        }
    }
}
