package dev.mtasts.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.MxHost;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

class MxPlanTest {
    private static final DomainName DOMAIN = DomainName.of("example.test");

    private static DnsAnswer<MxHost> mx(MxHost... hosts) {
        return DnsAnswer.found(List.of(hosts), 300, List.of());
    }

    private static MxHost host(int preference, String name) {
        return new MxHost(preference, DomainName.of(name));
    }

    private static StsPolicy policy(String... patterns) {
        List<MxPattern> mx = new java.util.ArrayList<>();
        for (String pattern : patterns) {
            mx.add(MxPattern.parse(pattern).value());
        }
        return new StsPolicy(PolicyMode.ENFORCE, mx, 86400, List.of("version: STSv1"));
    }

    private static List<String> names(List<MxCandidate> candidates) {
        List<String> names = new java.util.ArrayList<>();
        candidates.forEach(c -> names.add(c.host().asciiName()));
        return names;
    }

    @Nested
    class WithoutPolicy {
        @Test
        void shouldKeepPreferenceOrderWhenNoPolicy() {
            MxPlan plan = MxPlan.plan(DOMAIN, mx(host(10, "mx1.example.test"), host(20, "mx2.example.test")), null, false);

            assertThat(plan.kind()).isEqualTo(MxPlan.Kind.CANDIDATES);
            assertThat(names(plan.candidates())).containsExactly("mx1.example.test", "mx2.example.test");
        }

        @Test
        void shouldUseTheDomainItselfWhenItHasNoMxRecords() {
            MxPlan plan = MxPlan.plan(DOMAIN, DnsAnswer.noRecord("NODATA", 60, List.of()), null, false);

            assertThat(plan.candidates()).containsExactly(new MxCandidate(DOMAIN, 0, true));
        }

        @Test
        void shouldFailPermanentlyWhenTheDomainDoesNotExist() {
            MxPlan plan = MxPlan.plan(DOMAIN, DnsAnswer.nxDomain("NXDOMAIN", 60, List.of()), null, false);

            assertThat(plan.kind()).isEqualTo(MxPlan.Kind.PERMANENT_FAILURE);
            assertThat(plan.enhancedStatus()).isEqualTo(EnhancedStatus.NO_SUCH_DOMAIN);
            assertThat(plan.reason()).contains("does not exist");
        }

        @Test
        void shouldFailPermanentlyOnNullMx() {
            MxPlan plan = MxPlan.plan(DOMAIN, mx(MxHost.nullMx()), null, false);

            assertThat(plan.kind()).isEqualTo(MxPlan.Kind.PERMANENT_FAILURE);
            assertThat(plan.enhancedStatus()).isEqualTo(EnhancedStatus.NULL_MX);
            assertThat(plan.reason()).contains("null MX");
        }

        @Test
        void shouldFailTemporarilyWhenTheMxLookupFails() {
            MxPlan plan = MxPlan.plan(DOMAIN, DnsAnswer.failed("SERVFAIL from 127.0.0.1:53"), null, false);

            assertThat(plan.kind()).isEqualTo(MxPlan.Kind.TEMPORARY_FAILURE);
            assertThat(plan.reason()).contains("SERVFAIL");
        }
    }

    @Nested
    class UnderEnforce {
        @Test
        void shouldDropHostsOutsideThePolicy() {
            MxPlan plan = MxPlan.plan(DOMAIN, mx(host(5, "evil.attacker.test"), host(10, "mx1.example.test")),
                    policy("mx1.example.test"), true);

            assertThat(names(plan.candidates())).containsExactly("mx1.example.test");
            assertThat(names(plan.outsidePolicy())).containsExactly("evil.attacker.test");
        }

        @Test
        void shouldMatchWildcardOnExactlyOneLabel() {
            MxPlan plan = MxPlan.plan(DOMAIN, mx(host(10, "mx1.example.test"), host(20, "a.b.example.test")),
                    policy("*.example.test"), true);

            assertThat(names(plan.candidates())).containsExactly("mx1.example.test");
            assertThat(names(plan.outsidePolicy())).containsExactly("a.b.example.test");
        }

        @Test
        void shouldRequireTheImplicitMxToMatchThePolicy() {
            MxPlan plan = MxPlan.plan(DOMAIN, DnsAnswer.noRecord("NODATA", 60, List.of()), policy("mx.example.test"), true);

            assertThat(plan.candidates()).isEmpty();
            assertThat(names(plan.outsidePolicy())).containsExactly("example.test");
        }
    }

    @Nested
    class UnderTesting {
        @Test
        void shouldKeepHostsOutsideThePolicyAsCandidatesButNameThem() {
            MxPlan plan = MxPlan.plan(DOMAIN, mx(host(5, "other.test"), host(10, "mx1.example.test")),
                    policy("mx1.example.test"), false);

            assertThat(names(plan.candidates())).containsExactly("other.test", "mx1.example.test");
            assertThat(names(plan.outsidePolicy())).containsExactly("other.test");
        }
    }
}
