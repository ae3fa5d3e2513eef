package dev.mtasts.core.cache;

import static dev.mtasts.core.HostileInputs.assertTotal;
import static dev.mtasts.core.PropertyRun.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.HostileInputs;
import dev.mtasts.core.Parsed;
import dev.mtasts.core.PropertyRun.Generator;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

/** Properties of the policy cache's file format: decoding is total, encoding round-trips. */
class PolicyFileFormatProperties {
    private static final Generator<String> HOST = HostileInputs.hostName();
    private static final Generator<CachedPolicy> POLICIES = r -> {
        List<MxPattern> patterns = new ArrayList<>();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            patterns.add(MxPattern.parse((r.nextBoolean() ? "*." : "") + HOST.next(r)).value());
        }
        PolicyMode mode = PolicyMode.values()[r.nextInt(PolicyMode.values().length)];
        List<String> lines = new ArrayList<>(HostileInputs.listOf(HostileInputs.decodedText(60), 0, 3).next(r));
        lines.add("mode: " + mode.text());
        StsPolicy policy = new StsPolicy(mode, patterns, (long) r.nextInt(31_557_601), lines);
        String id = Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
        return new CachedPolicy(DomainName.of(HOST.next(r)), id, policy,
                Instant.ofEpochSecond(r.nextInt(Integer.MAX_VALUE), r.nextInt(1_000_000_000)));
    };

    @Test
    void decodingIsTotal() {
        Generator<byte[]> damaged = r -> {
            byte[] encoded = PolicyFileFormat.encode(POLICIES.next(r));
            encoded[r.nextInt(encoded.length)] = (byte) r.nextInt(256);
            if (r.nextBoolean()) {
                // a truncated file, as a crash while writing would leave one
                byte[] shorter = new byte[r.nextInt(encoded.length)];
                System.arraycopy(encoded, 0, shorter, 0, shorter.length);
                return shorter;
            }
            return encoded;
        };
        forAll("policy file decoding", HostileInputs.oneOf(HostileInputs.bytes(300), damaged),
                content -> assertTotal(PolicyFileFormat.decode(content)));
    }

    @Test
    void policiesRoundTrip() {
        forAll("policy file round trip", POLICIES, policy -> {
            Parsed<CachedPolicy> decoded = PolicyFileFormat.decode(PolicyFileFormat.encode(policy));

            assertThat(decoded.isValid()).as(decoded.describeErrors()).isTrue();
            assertThat(decoded.value()).isEqualTo(policy);
        });
    }
}
