package dev.mtasts.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mtasts.core.DomainName;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.PolicyMode;
import dev.mtasts.core.policy.StsPolicy;

class FilePolicyStoreTest {
    private static final Instant FETCHED = Instant.parse("2026-11-28T10:00:00.123456789Z");

    @TempDir
    Path dir;

    FilePolicyStore store;

    @BeforeEach
    void setUp() {
        store = new FilePolicyStore(dir);
    }

    static CachedPolicy policy(String domain, String... lines) {
        StsPolicy sts = new StsPolicy(PolicyMode.ENFORCE,
                List.of(MxPattern.parse("mx1." + domain).value(), MxPattern.parse("*.mx." + domain).value()),
                604800, Arrays.asList(lines));
        return new CachedPolicy(DomainName.of(domain), "20261128T1", sts, FETCHED);
    }

    static CachedPolicy plain(String domain) {
        return policy(domain, "version: STSv1", "mode: enforce", "mx: mx1." + domain, "max_age: 604800");
    }

    @Nested
    class RoundTrip {
        @Test
        void shouldReturnEveryFieldAsSaved() {
            CachedPolicy saved = plain("example.com");

            store.save(saved);

            assertThat(store.loadAll()).containsExactly(saved);
        }

        @Test
        void shouldKeepLinesThatLookLikeStructureOrHoldAnyUtf8() {
            CachedPolicy saved = policy("example.com", "version: STSv1", "mode: enforce\nmx: evil.example",
                    "\u0000\u0001\r", "caf\u00e9 \u4e2d\u6587 \ud83d\udce7", "", "x".repeat(70_000), "MSTS");

            store.save(saved);

            assertThat(store.loadAll()).containsExactly(saved);
        }

        @Test
        void shouldReplaceTheEntryOfTheSameDomain() {
            store.save(plain("example.com"));
            CachedPolicy newer = new CachedPolicy(DomainName.of("example.com"), "id2",
                    plain("example.com").policy(), FETCHED.plusSeconds(60));

            store.save(newer);

            assertThat(store.loadAll()).containsExactly(newer);
        }

        @Test
        void shouldSeeTheEntriesFromANewInstanceOnTheSameDirectory() {
            store.save(plain("a.example"));
            store.save(plain("b.example"));
            store.delete(DomainName.of("a.example"));

            assertThat(new FilePolicyStore(dir).loadAll()).containsExactly(plain("b.example"));
        }

        @Test
        void shouldIgnoreTheDeletionOfAMissingEntry() {
            store.delete(DomainName.of("never.example"));

            assertThat(store.loadAll()).isEmpty();
        }
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of("one flipped bit in a policy line", (UnaryOperator<byte[]>) b -> flip(b, b.length - 10)),
                Arguments.of("one flipped bit in the checksum", (UnaryOperator<byte[]>) b -> flip(b, b.length - 1)),
                Arguments.of("truncated to half", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length / 2)),
                Arguments.of("truncated by one byte", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length - 1)),
                Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0]),
                Arguments.of("garbage text", (UnaryOperator<byte[]>) b -> "{\"not\": \"a policy\"}".getBytes()),
                Arguments.of("signature only", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, 12)));
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    @Nested
    class Corruption {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mtasts.core.cache.FilePolicyStoreTest#corruptions")
        void shouldSkipACorruptEntryAndLoadTheOthers(String reason, UnaryOperator<byte[]> damage) throws IOException {
            store.save(plain("good.example"));
            store.save(plain("bad.example"));
            Path bad = store.fileOf(DomainName.of("bad.example"));
            Files.write(bad, damage.apply(Files.readAllBytes(bad)));

            assertThat(store.loadAll()).as(reason).containsExactly(plain("good.example"));
            assertThat(bad).doesNotExist();
            assertThat(dir.resolve("c=bad.example")).exists();
            assertThat(store.loadAll()).containsExactly(plain("good.example"));
        }

        @Test
        void shouldSkipAValidFileStoredUnderAnotherDomainsName() throws IOException {
            store.save(plain("a.example"));
            Files.copy(store.fileOf(DomainName.of("a.example")), dir.resolve("p=b.example"));

            assertThat(store.loadAll()).containsExactly(plain("a.example"));
        }

        @Test
        void shouldDeleteALeftoverTemporaryFileAndKeepTheEntry() throws IOException {
            store.save(plain("example.com"));
            Path leftover = dir.resolve(".tmp-3f2c0e0a");
            Files.write(leftover, Arrays.copyOf(Files.readAllBytes(store.fileOf(DomainName.of("example.com"))), 20));

            assertThat(store.loadAll()).containsExactly(plain("example.com"));
            assertThat(leftover).doesNotExist();
        }

        @Test
        void shouldIgnoreFilesItDidNotWrite() throws IOException {
            Files.writeString(dir.resolve("README"), "operator notes");
            Files.createDirectory(dir.resolve("p=dir.example"));

            assertThat(store.loadAll()).isEmpty();
            assertThat(dir.resolve("README")).exists();
        }
    }

    @Nested
    class HostileNames {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "..",            // an empty label: never a DomainName
            "../etc/passwd", // '/' is not a label character
            "a/b.example",   // '/' is not a label character
            "a\\b.example",  // '\' is not a label character
            "a..b.example",  // an empty label
            ".",             // only a dot
            "x\u0000y.example", // NUL
            "con:stream.example" // ':' is not a label character
        })
        void shouldNeverReachTheStoreBecauseDomainNameRejectsIt(String hostile) {
            assertThat(DomainName.parse(hostile).isValid()).isFalse();
        }

        @Test
        void shouldStoreTheLongestValidNameInsideTheDirectory() {
            String label = "a".repeat(63);
            String longest = label + "." + label + "." + label + "." + "b".repeat(61);
            assertThat(longest).hasSize(253);
            CachedPolicy saved = new CachedPolicy(DomainName.of(longest), "id", plain("example.com").policy(), FETCHED);

            store.save(saved);

            assertThat(store.fileOf(saved.domain()).getParent()).isEqualTo(dir.toAbsolutePath());
            assertThat(store.loadAll()).containsExactly(saved);
        }

        @Test
        void shouldKeepNamesThatLookLikeOtherFilesApart() {
            List<String> names = List.of("tmp-x.example", "c.example", "p.example", "_mta-sts.example", "1-2.example");
            for (String name : names) {
                store.save(plain(name));
            }

            assertThat(store.loadAll().stream().map(p -> p.domain().asciiName()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Nested
    class FailingDisk {
        @Test
        void shouldThrowStoreExceptionFromSaveWhenTheDirectoryIsGone() throws IOException {
            Path policies = dir.resolve("policies");
            FilePolicyStore doomed = new FilePolicyStore(policies);
            Files.delete(policies);
            Files.writeString(policies, "a file where the directory was");

            assertThatThrownBy(() -> doomed.save(plain("example.com")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("example.com");
            assertThatThrownBy(doomed::loadAll).isInstanceOf(StoreException.class);
        }

        @Test
        void shouldRefuseADirectoryThatIsAFile() throws IOException {
            Path file = Files.writeString(dir.resolve("file"), "x");

            assertThatThrownBy(() -> new FilePolicyStore(file)).isInstanceOf(StoreException.class)
                    .hasMessageContaining(file.toString());
        }
    }
}
