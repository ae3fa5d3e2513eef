package dev.mtasts.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.mtasts.core.Parsed;
import dev.mtasts.core.policy.StsPolicy;
import dev.mtasts.core.policy.StsPolicyParser;

/**
 * Throughput of {@link StsPolicyParser#parse(String)} on a typical policy: five lines, mode enforce, two mx
 * lines. Run: {@code java -jar bench/target/benchmarks.jar PolicyParse -f 1 -wi 2 -w 2s -i 3 -r 2s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyParseBenchmark {
    private String policy;

    @Setup
    public void setUp() {
        policy = "version: STSv1\r\n"
                + "mode: enforce\r\n"
                + "mx: mail.example.com\r\n"
                + "mx: *.mx.example.net\r\n"
                + "max_age: 604800\r\n";
        if (!StsPolicyParser.parse(policy).isValid()) {
            throw new IllegalStateException("the benchmark policy must be valid");
        }
    }

    @Benchmark
    public Parsed<StsPolicy> parseTypicalEnforcePolicy() {
        return StsPolicyParser.parse(policy);
    }
}
