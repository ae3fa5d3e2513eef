package dev.mtasts.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.transport.matchers.All;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.cache.PolicyEventListener;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;
import dev.mtasts.james.HasMtaStsPolicy;

/**
 * What the {@link HasMtaStsPolicy} matcher costs per mail on a warm cache, next to James's {@code All}
 * matcher (the cheapest matcher there is), on a {@link FakeMail} with {@code recipients} recipients of one
 * domain whose enforce policy is cached (TXT answer fresh: no I/O). Target: at most 2 µs more than
 * {@code All}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MatcherCost}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatcherCostBenchmark {
    @Param({"1", "5"})
    int recipients;

    private PolicyService service;
    private HasMtaStsPolicy hasPolicy;
    private All all;
    private Mail mail;

    @Setup(Level.Trial)
    public void setUp() throws MessagingException {
        service = new PolicyService(Clock.systemUTC(), new BenchPolicies.StaticDns(),
                new BenchPolicies.StaticFetcher(), new BenchPolicies.InMemoryStore(), PolicyEventListener.NONE,
                PolicyServiceSettings.builder().maxTxtTtl(Duration.ofDays(1)).build());
        DomainName domain = BenchPolicies.domain(0);
        if (!service.lookup(domain).hasPolicy()) {
            throw new IllegalStateException("the warm-up lookup found no policy for " + domain);
        }
        hasPolicy = new HasMtaStsPolicy(service);
        hasPolicy.init(FakeMatcherConfig.builder().matcherName("HasMtaStsPolicy").condition("enforce")
                .mailetContext(FakeMailContext.defaultContext()).build());
        all = new All();
        all.init(FakeMatcherConfig.builder().matcherName("All").mailetContext(FakeMailContext.defaultContext())
                .build());
        List<MailAddress> to = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            to.add(new MailAddress("user" + i + "@" + domain.asciiName()));
        }
        mail = FakeMail.builder().name("bench-mail").sender("sender@example.org").recipients(to).build();
        if (hasPolicy.match(mail).size() != recipients || all.match(mail).size() != recipients) {
            throw new IllegalStateException("both matchers must match every recipient");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    @Benchmark
    public Collection<MailAddress> hasMtaStsPolicy() {
        return hasPolicy.match(mail);
    }

    @Benchmark
    public Collection<MailAddress> all() throws MessagingException {
        return all.match(mail);
    }
}
