package dev.mtasts.james.received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.received.FileReceivedReportStore;
import dev.mtasts.core.received.ReceivedLimits;
import dev.mtasts.core.received.ReceivedReportParser;
import dev.mtasts.core.received.ReportMailParts;
import dev.mtasts.testkit.docs.MarkdownBlocks;

class IngestTlsRptReportTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);
    static final String REPORT = "{\"organization-name\":\"Mailbox Example\",\"date-range\":{"
        + "\"start-datetime\":\"2026-11-28T00:00:00Z\",\"end-datetime\":\"2026-11-28T23:59:59Z\"},"
        + "\"contact-info\":\"tlsrpt@mailbox.example\",\"report-id\":\"r-42@mailbox.example\",\"policies\":[{"
        + "\"policy\":{\"policy-type\":\"no-policy-found\",\"policy-domain\":\"localhost.test\"},"
        + "\"summary\":{\"total-successful-session-count\":3,\"total-failure-session-count\":4},"
        + "\"failure-details\":[{\"result-type\":\"sts-policy-fetch-error\",\"failed-session-count\":4}]}]}";

    @TempDir
    Path directory;
    private FileReceivedReportStore store;
    private IngestTlsRptReport mailet;
    private final ReceivedReportParser parser = new ReceivedReportParser(ReceivedLimits.DEFAULTS);
    private final ReportMailParts parts = new ReportMailParts(ReceivedLimits.DEFAULTS);

    @BeforeEach
    void setUp() {
        store = new FileReceivedReportStore(directory, parser);
        mailet = new IngestTlsRptReport(parts, parser, store,
            Clock.fixed(Instant.parse("2026-11-29T05:00:00Z"), ZoneOffset.UTC));
    }

    static MimeMessage reportMail(String type, byte[] content) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("Report Domain: localhost.test Submitter: mailbox.example Report-ID: <r-42@mailbox.example>");
        MimeMultipart multipart = new MimeMultipart("report; report-type=tlsrpt");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("A TLS report.");
        multipart.addBodyPart(human);
        MimeBodyPart report = new MimeBodyPart();
        report.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        report.setFileName("mailbox.example!localhost.test!1764288000!1764374399.json.gz");
        multipart.addBodyPart(report);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private FakeMail mail(MimeMessage message) throws MessagingException {
        return FakeMail.builder().name("report").mimeMessage(message).recipients("postmaster@localhost.test").build();
    }

    private void init(String passThrough) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("IngestTlsRptReport")
            .mailetContext(FakeMailContext.defaultContext());
        if (passThrough != null) {
            config.setProperty("passThrough", passThrough);
        }
        mailet.init(config.build());
    }

    @Nested
    class Init {
        @Test
        void shouldRefuseAPassThroughThatIsNotABoolean() {
            assertThatThrownBy(() -> init("yes")).isInstanceOf(MessagingException.class).hasMessageContaining("passThrough");
        }

        @Test
        void shouldRefuseAnUnknownParameter() {
            FakeMailetConfig config = FakeMailetConfig.builder().mailetName("IngestTlsRptReport")
                .mailetContext(FakeMailContext.defaultContext()).setProperty("passthrough", "true").build();

            assertThatThrownBy(() -> mailet.init(config)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("passthrough");
        }
    }

    @Nested
    class Service {
        @Test
        void shouldStoreAGzippedReportAndLetTheMailGoOnWhenPassThroughIsTheDefault() throws Exception {
            init(null);
            FakeMail mail = mail(reportMail("application/tlsrpt+gzip", gzip(REPORT)));

            mailet.service(mail);

            assertThat(store.reports(DAY, DAY)).singleElement()
                .satisfies(report -> assertThat(report.reportId()).isEqualTo("r-42@mailbox.example"));
            assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
            assertThat(mail.getAttribute(IngestTlsRptReport.OUTCOME)).hasValueSatisfying(
                attribute -> assertThat(attribute.getValue()).isEqualTo(AttributeValue.of("stored")));
        }

        @Test
        void shouldNotCountTheSameReportTwice() throws Exception {
            init("false");
            mailet.service(mail(reportMail("application/tlsrpt+gzip", gzip(REPORT))));
            FakeMail again = mail(reportMail("application/json", REPORT.getBytes(StandardCharsets.UTF_8)));

            mailet.service(again);

            assertThat(store.reports(DAY, DAY)).hasSize(1);
            assertThat(store.duplicates()).isEqualTo(1);
            assertThat(again.getState()).isEqualTo(Mail.GHOST);
        }

        @Test
        void shouldKeepAsideAReportThatCannotBeParsedWithoutFailingTheMail() throws Exception {
            init("true");
            FakeMail mail = mail(reportMail("application/tlsrpt+json",
                REPORT.replace("\"failed-session-count\":4", "\"failed-session-count\":\"four\"").getBytes(StandardCharsets.UTF_8)));

            mailet.service(mail);

            assertThat(store.reports(DAY, DAY)).isEmpty();
            assertThat(store.setAside()).singleElement()
                .satisfies(kept -> assertThat(kept.reason()).contains("failed-session-count is not a non-negative"));
            assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        }
    }

    @Nested
    class TheMatcher {
        private IsTlsRptReport matcher() throws MessagingException {
            IsTlsRptReport matcher = new IsTlsRptReport(parts);
            matcher.init(FakeMatcherConfig.builder().matcherName("IsTlsRptReport")
                .mailetContext(FakeMailContext.defaultContext()).build());
            return matcher;
        }

        @Test
        void shouldMatchEveryRecipientOfAReportMail() throws Exception {
            FakeMail mail = mail(reportMail("application/tlsrpt+gzip", gzip(REPORT)));

            assertThat(matcher().match(mail)).containsExactlyElementsOf(mail.getRecipients());
        }

        @Test
        void shouldMatchNothingInAnOrdinaryMail() throws Exception {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setText("Hello");
            message.saveChanges();

            assertThat(matcher().match(mail(message))).isEmpty();
        }
    }

    @Nested
    class DocsSample {
        private final Path root = Path.of("..").toAbsolutePath().normalize();

        private String javadocSample() throws Exception {
            String source = Files.readString(root.resolve(
                "mailet/src/main/java/dev/mtasts/james/received/IngestTlsRptReport.java"), StandardCharsets.UTF_8);
            Matcher sample = Pattern.compile("<pre>\\{@code\\n(.*?)\\n \\* }</pre>", Pattern.DOTALL).matcher(source);
            assertThat(sample.find()).isTrue();
            return Stream.of(sample.group(1).split("\n")).map(line -> line.replaceFirst("^ \\* ?", ""))
                .collect(Collectors.joining("\n", "", "\n"));
        }

        @Test
        void shouldBeTheDocsSampleAndPassInitWhenTheJavadocIsRead() throws Exception {
            String docs = MarkdownBlocks.inFile(root.resolve("docs/received-reports.md")).stream()
                .filter(block -> block.language().equals("xml")).findFirst().orElseThrow().text();

            assertThat(javadocSample()).isEqualTo(docs);
            Element element = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(docs))).getDocumentElement();
            FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("IngestTlsRptReport")
                .mailetContext(FakeMailContext.defaultContext());
            NodeList children = element.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element) {
                    config.setProperty(((Element) children.item(i)).getTagName(), children.item(i).getTextContent().trim());
                }
            }
            mailet.init(config.build());
            FakeMail mail = mail(reportMail("application/tlsrpt+gzip", gzip(REPORT)));
            mailet.service(mail);
            assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
            assertThat(store.reports(DAY, DAY)).hasSize(1);
        }
    }
}
