package dev.mtasts.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.testkit.tls.TestCa;

class ValidatedChainsTest {
    private static final DomainName HOST = DomainName.of("mx.example.test");
    private static final TestCa CA = TestCa.create();
    private static final TestCa.Leaf LEAF = CA.leaf(HOST.asciiName());
    private static final Instant CHECKED = LEAF.certificate().getNotBefore().toInstant().plus(Duration.ofMinutes(5));
    private static final Duration VALID_FOR = Duration.ofHours(1);

    static Stream<Arguments> moments() {
        Instant notAfter = LEAF.certificate().getNotAfter().toInstant();
        return Stream.of(
                Arguments.of("the instant of the check", CHECKED, true),
                Arguments.of("just inside the reuse period", CHECKED.plus(VALID_FOR).minusMillis(1), true),
                Arguments.of("the reuse period is over: check again", CHECKED.plus(VALID_FOR), false),
                Arguments.of("the clock went back before the leaf's notBefore",
                        LEAF.certificate().getNotBefore().toInstant().minusSeconds(1), false),
                Arguments.of("past the leaf's notAfter", notAfter.plusSeconds(1), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moments")
    void shouldHoldASuccessOnlyInsideItsWindow(String reason, Instant at, boolean expected) {
        ValidatedChains chains = new ValidatedChains(VALID_FOR, 16);
        ValidatedChains.Key key = ValidatedChains.keyOf(LEAF.chain(), HOST, "UNKNOWN").orElseThrow();
        chains.remember(key, LEAF.chain(), CHECKED);

        assertThat(chains.isValid(key, at)).as(reason).isEqualTo(expected);
    }

    @Test
    void shouldStopAtTheFirstNotAfterOfTheChainWhenItComesBeforeTheReusePeriodEnds() {
        TestCa.Leaf shortLived = CA.issue(CHECKED.minusSeconds(60), CHECKED.plusSeconds(30), HOST.asciiName());
        ValidatedChains chains = new ValidatedChains(VALID_FOR, 16);
        ValidatedChains.Key key = ValidatedChains.keyOf(shortLived.chain(), HOST, "UNKNOWN").orElseThrow();
        chains.remember(key, shortLived.chain(), CHECKED);

        assertThat(chains.isValid(key, CHECKED.plusSeconds(29))).isTrue();
        assertThat(chains.isValid(key, CHECKED.plusSeconds(30))).isFalse();
    }

    @Test
    void shouldKeyOnHostAndEveryCertificateOfTheChain() {
        TestCa intermediate = CA.intermediate("an intermediate");
        TestCa.Leaf withIntermediate = intermediate.leaf(HOST.asciiName());
        List<X509Certificate> leafOnly = withIntermediate.withoutIntermediates().chain();

        assertThat(ValidatedChains.keyOf(LEAF.chain(), HOST, "UNKNOWN")).isEqualTo(ValidatedChains.keyOf(LEAF.chain(), HOST, "UNKNOWN"));
        assertThat(ValidatedChains.keyOf(LEAF.chain(), HOST, "UNKNOWN"))
                .isNotEqualTo(ValidatedChains.keyOf(LEAF.chain(), DomainName.of("other.example.test"), "UNKNOWN"));
        assertThat(ValidatedChains.keyOf(withIntermediate.chain(), HOST, "UNKNOWN"))
                .isNotEqualTo(ValidatedChains.keyOf(leafOnly, HOST, "UNKNOWN"));
        assertThat(ValidatedChains.keyOf(CA.leaf(HOST.asciiName()).chain(), HOST, "UNKNOWN"))
                .isNotEqualTo(ValidatedChains.keyOf(LEAF.chain(), HOST, "UNKNOWN"));
    }

    @Test
    void shouldStayWithinItsCapacity() {
        ValidatedChains chains = new ValidatedChains(VALID_FOR, 4);
        for (int i = 0; i < 10; i++) {
            DomainName host = DomainName.of("mx" + i + ".example.test");
            chains.remember(ValidatedChains.keyOf(LEAF.chain(), host, "UNKNOWN").orElseThrow(), LEAF.chain(), CHECKED);
        }

        assertThat(chains.size()).isBetween(1, 4);
    }
}
