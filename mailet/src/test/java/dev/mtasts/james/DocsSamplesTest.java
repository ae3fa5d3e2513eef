package dev.mtasts.james;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import dev.mtasts.james.config.MtaStsProperties;
import dev.mtasts.james.config.TlsRptProperties;
import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;
import dev.mtasts.core.delivery.PkixSessionTrust;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.fetch.FetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.policy.StsPolicyParser;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.core.tlsrpt.record.RecorderSettings;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import dev.mtasts.james.delivery.DeliveryParameters;
import dev.mtasts.testkit.docs.MarkdownBlocks;
import dev.mtasts.testkit.docs.MarkdownBlocks.Block;

/**
 * Every sample in {@code docs/*.md} is one the code accepts: each {@code xml} block with a {@code <mailet} is
 * well-formed, names classes that exist, and its plugin mailets and matchers pass {@code init()}; each
 * {@code properties} block parses with {@link MtaStsProperties#parse}; the Javadoc samples of
 * {@link MtaStsRemoteDelivery} and {@link HasMtaStsPolicy} are the docs' samples; and the reference pages
 * name every key and parameter the code reads.
 */
class DocsSamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("mtasts.projectRoot", "..")).toAbsolutePath().normalize();
    private static final Path DOCS = ROOT.resolve("docs");
    private static final String DELIVERY = MtaStsRemoteDelivery.class.getName();
    private static final String MATCHER = HasMtaStsPolicy.class.getName();
    /** Packages where James 3.8.1 looks up mailets and matchers named without a package. */
    private static final String STANDARD_MAILETS = "org.apache.james.transport.mailets.";
    private static final String STANDARD_MATCHERS = "org.apache.james.transport.matchers.";

    @TempDir
    Path directory;
    private Wiring wiring;

    @BeforeEach
    void wire() {
        wiring = new Wiring(directory);
    }

    @AfterEach
    void close() {
        wiring.close();
    }

    static List<Block> blocks(String language) {
        return MarkdownBlocks.inDirectory(DOCS).stream().filter(b -> b.language().equals(language))
                .collect(Collectors.toList());
    }

    static List<Block> mailetBlocks() {
        return blocks("xml").stream().filter(b -> b.text().contains("<mailet")).collect(Collectors.toList());
    }

    static List<Block> propertiesBlocks() {
        return blocks("properties");
    }

    @Test
    void shouldFindTheSamplesWhenTheDocsAreRead() {
        assertThat(mailetBlocks()).as("xml samples with a mailet in " + DOCS).hasSizeGreaterThanOrEqualTo(5);
        assertThat(propertiesBlocks()).as("properties samples in " + DOCS).hasSizeGreaterThanOrEqualTo(2);
    }

    @Nested
    class XmlSamples {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mtasts.james.DocsSamplesTest#mailetBlocks")
        void shouldNameOnlyExistingClassesWhenTheSampleIsLoaded(Block block) throws Exception {
            Element root = parse(block);
            Set<String> namedMatchers = new HashSet<>();
            for (Element matcher : elements(root, "matcher")) {
                namedMatchers.add(matcher.getAttribute("name"));
            }
            for (Element mailet : elements(root, "mailet")) {
                assertThat(classFileExists(qualified(mailet.getAttribute("class"), STANDARD_MAILETS)))
                        .as(block + ": mailet class '" + mailet.getAttribute("class") + "'").isTrue();
                String matcher = mailet.getAttribute("match").split("=", 2)[0];
                assertThat(namedMatchers.contains(matcher) || classFileExists(qualified(matcher, STANDARD_MATCHERS)))
                        .as(block + ": matcher '" + matcher + "'").isTrue();
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mtasts.james.DocsSamplesTest#mailetBlocks")
        void shouldPassInitWhenThePluginsMailetsAndMatchersAreConfiguredAsShown(Block block) throws Exception {
            for (Element mailet : elements(parse(block), "mailet")) {
                if (DELIVERY.equals(mailet.getAttribute("class"))) {
                    Map<String, String> parameters = parameters(mailet);
                    assertThatCode(() -> DeliveryParameters.parse(parameters)).as(block.toString())
                            .doesNotThrowAnyException();
                    wiring.initDelivery(parameters);
                }
                String[] match = mailet.getAttribute("match").split("=", 2);
                if (MATCHER.equals(match[0])) {
                    wiring.initMatcher(match.length > 1 ? match[1] : null);
                }
            }
        }
    }

    @Nested
    class PropertiesSamples {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mtasts.james.DocsSamplesTest#propertiesBlocks")
        void shouldParseWithMtaStsPropertiesWhenTheBlockIsProperties(Block block) throws IOException {
            Properties properties = new Properties();
            properties.load(new StringReader(block.text()));
            Map<String, String> values = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));

            assertThatCode(() -> MtaStsProperties.parse(values, directory)).as(block.toString())
                    .doesNotThrowAnyException();
        }

        @Test
        void shouldDocumentEveryKeyWhenTheCodeReadsIt() throws IOException {
            String page = Files.readString(DOCS.resolve("mta-sts-properties.md"), StandardCharsets.UTF_8);
            Set<String> keys = new TreeSet<>(MtaStsProperties.KEYS);
            keys.addAll(TlsRptProperties.KEYS);

            assertThat(keys).allSatisfy(key -> assertThat(page).as("a table row for " + key).contains("| `" + key + "` |"));
        }

        @Test
        void shouldShowTheSampleFileWhenItListsTheDefaults() throws IOException {
            Properties sample = new Properties();
            try (var in = Files.newBufferedReader(ROOT.resolve("conf-samples/conf/mta-sts.properties"))) {
                sample.load(in);
            }
            Properties documented = new Properties();
            documented.load(new StringReader(MarkdownBlocks.inFile(DOCS.resolve("mta-sts-properties.md")).stream()
                    .filter(b -> b.language().equals("properties")).findFirst().orElseThrow().text()));

            assertThat(documented).isEqualTo(sample);
        }
    }

    @Nested
    class JavadocSamples {
        @Test
        void shouldBeTheDocsSampleWhenTheMailetsJavadocIsRead() throws IOException {
            String javadoc = javadocSample(ROOT.resolve("mailet/src/main/java/dev/mtasts/james/MtaStsRemoteDelivery.java"));

            assertThat(javadoc).isEqualTo(firstXmlBlock("MtaStsRemoteDelivery.md"));
        }

        @Test
        void shouldBeTheDocsSampleWhenTheMatchersJavadocIsRead() throws IOException {
            String javadoc = javadocSample(ROOT.resolve("matcher/src/main/java/dev/mtasts/james/HasMtaStsPolicy.java"));

            assertThat(javadoc).isEqualTo(firstXmlBlock("HasMtaStsPolicy.md"));
        }

        @Test
        void shouldMatchEnforceDomainsWhenTheMatchersSampleIsInitialised() throws Exception {
            Element mailet = elements(parse(MarkdownBlocks.inFile(DOCS.resolve("HasMtaStsPolicy.md")).get(0)), "mailet")
                    .get(0);
            HasMtaStsPolicy matcher = wiring.initMatcher(mailet.getAttribute("match").split("=", 2)[1]);

            FakeMail mail = FakeMail.builder().name("m").recipients("bob@enforce.example", "carol@testing.example")
                    .build();
            assertThat(matcher.match(mail)).containsExactly(new MailAddress("bob@enforce.example"));
        }

        @Test
        void shouldShowTheConfSamplesDeliveryMailetWhenTheDocsQuoteIt() throws Exception {
            Element conf = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(ROOT.resolve("conf-samples/conf/mailetcontainer.xml").toFile()).getDocumentElement();
            Element sample = elements(conf, "mailet").stream().filter(m -> DELIVERY.equals(m.getAttribute("class")))
                    .findFirst().orElseThrow();
            Block quoted = MarkdownBlocks.inFile(DOCS.resolve("MtaStsRemoteDelivery.md")).stream()
                    .filter(b -> b.language().equals("xml")).skip(1).findFirst().orElseThrow();

            assertThat(parameters(elements(parse(quoted), "mailet").get(0))).isEqualTo(parameters(sample));
        }

        @Test
        void shouldDocumentEveryParameterWhenTheMailetReadsIt() throws IOException {
            String page = Files.readString(DOCS.resolve("MtaStsRemoteDelivery.md"), StandardCharsets.UTF_8);

            assertThat(DeliveryParameters.KNOWN).allSatisfy(name -> assertThat(page).contains("| `" + name + "` |"));
        }
    }

    private static String firstXmlBlock(String page) {
        return MarkdownBlocks.inFile(DOCS.resolve(page)).stream().filter(b -> b.language().equals("xml")).findFirst()
                .orElseThrow().text();
    }

    /** The {@code <pre>{@code ...}</pre>} block of a class's Javadoc, without the leading {@code " * "}. */
    private static String javadocSample(Path source) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<pre>\\{@code\\n(.*?)\\n \\* }</pre>", Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("a <pre>{@code ...}</pre> sample in " + source).isTrue();
        return Stream.of(m.group(1).split("\n")).map(line -> line.replaceFirst("^ \\* ?", ""))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static Element parse(Block block) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        // A block may hold several sibling elements (two processors): wrap them in one root.
        return factory.newDocumentBuilder()
                .parse(new InputSource(new StringReader("<sample>" + block.text() + "</sample>"))).getDocumentElement();
    }

    private static List<Element> elements(Element root, String name) {
        NodeList nodes = root.getElementsByTagName(name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** The child elements of a {@code <mailet>}: James hands each to the mailet as an init parameter. */
    private static Map<String, String> parameters(Element mailet) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Node child = mailet.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                parameters.put(((Element) child).getTagName(), child.getTextContent().trim());
            }
        }
        return parameters;
    }

    private static String qualified(String name, String defaultPackage) {
        return name.contains(".") ? name : defaultPackage + name;
    }

    /** Looks for the class file only: loading a James mailet would need all of James on the class path. */
    private static boolean classFileExists(String className) {
        return DocsSamplesTest.class.getClassLoader().getResource(className.replace('.', '/') + ".class") != null;
    }

    /**
     * The plugin's collaborators as MtaStsModule binds them, with test doubles for DNS and HTTPS: every domain
     * whose name starts with "enforce." publishes an enforce policy, "testing." a testing one, others none.
     */
    static final class Wiring implements AutoCloseable {
        private final Clock clock = Clock.systemUTC();
        private final TlsRptRecorder recorder;
        private final PolicyService policies;
        private final CertificateVerifier verifier = new CertificateVerifier(TrustSettings.jdkDefault(), clock);
        private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
        private final List<MtaStsRemoteDelivery> started = new ArrayList<>();

        private final Path directory;

        Wiring(Path directory) {
            this.directory = directory;
            recorder = new TlsRptRecorder(RecorderSettings.builder(directory).build(), clock);
            policies = new PolicyService(clock, new ModeByLabelDns(), new ModeByLabelFetcher(),
                    new FilePolicyStore(directory.resolve("policies")), recorder, PolicyServiceSettings.builder().build());
        }

        void initDelivery(Map<String, String> parameters) throws Exception {
            initDelivery(parameters, FakeMailContext.defaultContext());
        }

        /** A mailet inited with {@code parameters} in {@code context} (where its bounces go). */
        MtaStsRemoteDelivery initDelivery(Map<String, String> parameters, FakeMailContext context) throws Exception {
            FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("MtaStsRemoteDelivery")
                    .mailetContext(context);
            parameters.forEach(config::setProperty);
            MtaStsRemoteDelivery mailet = new MtaStsRemoteDelivery(policies, new ModeByLabelDns(),
                    PkixSessionTrust.factory(verifier), queues, new RecordingMetricFactory(), recorder, clock,
                    new SingleDomainList(), MtaStsProperties.parse(Map.of(), directory), new MemoryRepositories());
            started.add(mailet);
            mailet.init(config.build());
            return mailet;
        }

        MemoryMailQueueFactory queues() {
            return queues;
        }

        HasMtaStsPolicy initMatcher(String condition) throws Exception {
            HasMtaStsPolicy matcher = new HasMtaStsPolicy(policies);
            FakeMatcherConfig.Builder config = FakeMatcherConfig.builder().matcherName("HasMtaStsPolicy")
                    .mailetContext(FakeMailContext.defaultContext());
            if (condition != null) {
                config.condition(condition);
            }
            matcher.init(config.build());
            return matcher;
        }

        @Override
        public void close() {
            started.forEach(MtaStsRemoteDelivery::destroy);
            policies.close();
            recorder.close();
        }
    }

    private static String modeOf(DomainName domain) {
        String name = domain.asciiName();
        return name.startsWith("enforce.") ? "enforce" : name.startsWith("testing.") ? "testing" : "";
    }

    private static final class ModeByLabelDns implements DnsResolver {
        @Override
        public DnsAnswer<String> txt(DomainName name) {
            String policyDomain = name.asciiName().replaceFirst("^_mta-sts\\.", "");
            return modeOf(DomainName.of(policyDomain)).isEmpty() ? DnsAnswer.nxDomain("no such name", 300, List.of())
                    : DnsAnswer.found(List.of("v=STSv1; id=docs1;"), 300, List.of());
        }

        @Override
        public DnsAnswer<MxHost> mx(DomainName name) {
            return DnsAnswer.failed("no MX in this test");
        }

        @Override
        public DnsAnswer<InetAddress> addresses(DomainName name) {
            return DnsAnswer.failed("no address in this test");
        }
    }

    private static final class ModeByLabelFetcher implements PolicyFetcher {
        @Override
        public FetchResult fetch(DomainName domain) {
            StsPolicy policy = StsPolicyParser.parse("version: STSv1\nmode: " + modeOf(domain) + "\nmx: mx1."
                    + domain.asciiName() + "\nmax_age: 86400\n").value();
            return FetchResult.success(policy);
        }
    }

    /** James's domain list reduced to what the mailet asks: the default domain. */
    private static final class SingleDomainList implements DomainList {
        @Override
        public List<Domain> getDomains() {
            return List.of(getDefaultDomain());
        }

        @Override
        public boolean containsDomain(Domain domain) {
            return domain.equals(getDefaultDomain());
        }

        @Override
        public void addDomain(Domain domain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeDomain(Domain domain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Domain getDefaultDomain() {
            return Domain.of("sender.test");
        }
    }
}
