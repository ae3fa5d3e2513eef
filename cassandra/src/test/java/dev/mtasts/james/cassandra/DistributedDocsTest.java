package dev.mtasts.james.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.mtasts.james.config.MtaStsConfigurationException;
import dev.mtasts.testkit.docs.MarkdownBlocks;
import dev.mtasts.testkit.docs.MarkdownBlocks.Block;

/** docs/distributed.md: its samples are accepted, and it documents every key the store reads. */
class DistributedDocsTest {
    private static final Path PAGE = Path.of("..", "docs", "distributed.md").toAbsolutePath().normalize();

    private static List<Block> propertiesBlocks() {
        return MarkdownBlocks.inFile(PAGE).stream().filter(b -> b.language().equals("properties"))
                .collect(Collectors.toList());
    }

    @Test
    void shouldAcceptEveryPropertiesSampleOfThePage() throws Exception {
        assertThat(propertiesBlocks()).hasSizeGreaterThanOrEqualTo(2);
        for (Block block : propertiesBlocks()) {
            Properties properties = new Properties();
            properties.load(new StringReader(block.text()));
            Map<String, String> values = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));

            assertThat(values).containsEntry("store", "cassandra");
            assertThat(CassandraStoreSettings.parse(values).node()).isEqualTo("james-1");
        }
    }

    @Test
    void shouldDocumentEveryKeyTheStoreReads() throws Exception {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);

        assertThat(CassandraStoreSettings.KEYS).allSatisfy(key -> assertThat(page).contains("| `" + key + "` |"));
        assertThat(page).contains("dev.mtasts.james.cassandra.CassandraStoreModule");
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingIt() {
        assertThatThrownBy(() -> CassandraStoreSettings.parse(Map.of("cassandra.contactpoints", "x:1")))
                .isInstanceOf(MtaStsConfigurationException.class).hasMessageContaining("cassandra.contactpoints");
        assertThatThrownBy(() -> CassandraStoreSettings.parse(Map.of("cassandra.keyspace", "ks")))
                .isInstanceOf(MtaStsConfigurationException.class).hasMessageContaining("cassandra.contact.points");
        assertThatThrownBy(() -> CassandraStoreSettings.parse(Map.of("cassandra.lease", "5s")))
                .isInstanceOf(MtaStsConfigurationException.class).hasMessageContaining("cassandra.lease");
    }
}
