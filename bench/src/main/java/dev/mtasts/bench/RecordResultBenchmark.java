package dev.mtasts.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.Failure;
import dev.mtasts.core.FailureCode;
import dev.mtasts.core.cache.CachedPolicy;
import dev.mtasts.core.cache.PolicyLookup;
import dev.mtasts.core.delivery.AttemptResult;
import dev.mtasts.core.delivery.AttemptResult.Outcome;
import dev.mtasts.core.delivery.DomainDelivery;
import dev.mtasts.core.delivery.MxCandidate;
import dev.mtasts.core.delivery.TlsDetails;
import dev.mtasts.core.delivery.TlsMode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.tlsrpt.record.RecorderSettings;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;

/**
 * What recording one delivery round (one attempt) costs the delivery thread: {@code TlsRptRecorder.observe}
 * for a successful enforce-mode session and for a failed one (which also queues a failure-log line), as
 * average time per call on one thread and as throughput on two threads. The recorder runs with its
 * background thread started (checkpoint every 5 s, failure log flushed every second), as in production.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RecordResult -f 1 -wi 2 -w 2s -i 3 -r 2s}.
 * Targets: at most 1000 ns/op; at least 500,000 ops/s with 2 threads.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordResultBenchmark {
    private Path data;
    private TlsRptRecorder recorder;
    private DomainDelivery success;
    private DomainDelivery failure;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = Files.createTempDirectory("tlsrpt-bench");
        Clock clock = Clock.system(ZoneOffset.UTC);
        recorder = new TlsRptRecorder(RecorderSettings.builder(data).build(), clock);
        recorder.start();
        DomainName domain = DomainName.of("example.com");
        List<String> lines = List.of("version: STSv1", "mode: enforce", "mx: mx1.example.com",
                "mx: *.backup.example.com", "max_age: 604800");
        StsPolicy policy = new StsPolicy(PolicyMode.ENFORCE, List.of(MxPattern.parse("mx1.example.com").value(),
                MxPattern.parse("*.backup.example.com").value()), 604800, lines);
        PolicyLookup lookup = PolicyLookup.policy(new CachedPolicy(domain, "20261127", policy, Instant.now()));
        MxCandidate mx = new MxCandidate(DomainName.of("mx1.example.com"), 10, false);
        InetAddress remote = InetAddress.getByName("192.0.2.10");
        InetAddress local = InetAddress.getByName("198.51.100.1");
        Instant now = Instant.now();
        AttemptResult ok = AttemptResult.builder(mx, now).address(remote).localAddress(local)
                .serverName("mx1.example.com").tls(new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", true))
                .outcome(Outcome.DELIVERED, "delivered").build();
        Failure expired = Failure.of(FailureCode.CERTIFICATE_EXPIRED,
                "the certificate of mx1.example.com expired");
        AttemptResult failed = AttemptResult.builder(mx, now).address(remote).localAddress(local)
                .serverName("mx1.example.com").tls(new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", false))
                .tlsFailure(expired).outcome(Outcome.TLS_FAILED, expired.sentence()).build();
        success = new DomainDelivery(domain, lookup, TlsMode.REQUIRE_VALIDATED, List.of(ok), List.of());
        failure = new DomainDelivery(domain, lookup, TlsMode.REQUIRE_VALIDATED, List.of(failed), List.of());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        recorder.close();
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public void recordSuccess() {
        recorder.observe(success, "mail-1");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public void recordFailure() {
        recorder.observe(failure, "mail-1");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public void recordSuccessTwoThreads() {
        recorder.observe(success, "mail-1");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public void recordFailureTwoThreads() {
        recorder.observe(failure, "mail-1");
    }
}
