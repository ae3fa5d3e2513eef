package dev.mtasts.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.fetch.FetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.StsPolicyParser;

class HasMtaStsPolicyTest {
    /** TXT answers by name; a name without an entry fails (SERVFAIL-like). Counts questions. */
    private static final class TxtTable implements DnsResolver {
        final Map<String, DnsAnswer<String>> answers = new ConcurrentHashMap<>();
        final AtomicInteger queries = new AtomicInteger();

        @Override
        public DnsAnswer<String> txt(DomainName name) {
            queries.incrementAndGet();
            return answers.getOrDefault(name.asciiName(), DnsAnswer.failed("SERVFAIL from the test table"));
        }

        @Override
        public DnsAnswer<MxHost> mx(DomainName name) {
            return DnsAnswer.failed("not used");
        }

        @Override
        public DnsAnswer<InetAddress> addresses(DomainName name) {
            return DnsAnswer.failed("not used");
        }
    }

    private final TxtTable dns = new TxtTable();
    private final Map<String, String> policies = new ConcurrentHashMap<>();
    private PolicyService service;

    @BeforeEach
    void setUp(@TempDir Path store) {
        PolicyFetcher fetcher = domain -> FetchResult.success(StsPolicyParser.parse(policies.get(domain.asciiName())).value());
        service = new PolicyService(Clock.systemUTC(), dns, fetcher, new FilePolicyStore(store), PolicyEventListener.NONE,
                PolicyServiceSettings.defaults());
        publish("enforce.test", "enforce");
        publish("testing.test", "testing");
        publish("none.test", "none");
        dns.answers.put("_mta-sts.nopolicy.test", DnsAnswer.nxDomain("NXDOMAIN", 60, List.of()));
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private void publish(String domain, String mode) {
        dns.answers.put("_mta-sts." + domain, DnsAnswer.found(List.of("v=STSv1; id=1;"), 300, List.of()));
        policies.put(domain, "version: STSv1\nmode: " + mode + "\n" + ("none".equals(mode) ? "" : "mx: mx." + domain + "\n")
                + "max_age: 86400\n");
    }

    private HasMtaStsPolicy matcher(String condition) throws MessagingException {
        HasMtaStsPolicy matcher = new HasMtaStsPolicy(service);
        matcher.init(FakeMatcherConfig.builder().matcherName("HasMtaStsPolicy").condition(condition).build());
        return matcher;
    }

    private static FakeMail mailTo(String... recipients) throws MessagingException {
        return FakeMail.builder().name("mail").recipients(recipients).build();
    }

    @Nested
    class Conditions {
        @Test
        void shouldMatchEnforceAndTestingDomainsWhenTheConditionIsEmpty() throws Exception {
            assertThat(matcher("").match(mailTo("a@enforce.test", "b@testing.test", "c@none.test", "d@nopolicy.test")))
                    .containsExactlyInAnyOrder(new MailAddress("a@enforce.test"), new MailAddress("b@testing.test"));
        }

        @Test
        void shouldMatchOnlyEnforceDomainsWhenTheConditionIsEnforce() throws Exception {
            assertThat(matcher("enforce").match(mailTo("a@enforce.test", "b@testing.test")))
                    .containsExactly(new MailAddress("a@enforce.test"));
        }

        @Test
        void shouldMatchOnlyTestingDomainsWhenTheConditionIsTesting() throws Exception {
            assertThat(matcher("testing").match(mailTo("a@enforce.test", "b@testing.test")))
                    .containsExactly(new MailAddress("b@testing.test"));
        }

        @Test
        void shouldRefuseAnUnknownConditionNamingIt() {
            assertThatThrownBy(() -> matcher("strict")).isInstanceOf(MessagingException.class)
                    .hasMessageContaining("'strict'").hasMessageContaining("enforce, testing");
        }
    }

    @Nested
    class Trouble {
        @Test
        void shouldNotMatchWithoutExceptionWhenDnsFailsAndNothingIsCached() throws Exception {
            assertThat(matcher("").match(mailTo("a@unreachable.test"))).isEmpty();
        }

        @Test
        void shouldKeepMatchingFromTheCacheWithoutDnsWhenWarm() throws Exception {
            HasMtaStsPolicy matcher = matcher("enforce");
            matcher.match(mailTo("a@enforce.test"));
            int queries = dns.queries.get();

            assertThat(matcher.match(mailTo("b@enforce.test", "c@enforce.test"))).hasSize(2);
            assertThat(dns.queries.get()).isEqualTo(queries);
        }
    }
}
