package dev.mtasts.james.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code store} and the {@code cassandra.*} keys of mta-sts.properties, as MtaStsProperties reads them. */
class StoreSettingsTest {
    private static final Path WORK = Path.of("/opt/james");

    @Test
    void shouldKeepTheFileStoreWhenNothingIsSet() {
        assertThat(MtaStsProperties.parse(Map.of(), WORK).store().kind()).isEqualTo(StoreSettings.Kind.FILE);
    }

    @Test
    void shouldPassTheCassandraKeysOnWhenTheStoreIsCassandra() {
        StoreSettings store = MtaStsProperties.parse(Map.of("store", "cassandra", "cassandra.node", "james-1"), WORK)
                .store();

        assertThat(store.kind()).isEqualTo(StoreSettings.Kind.CASSANDRA);
        assertThat(store.cassandraProperties()).containsExactly(Map.entry("cassandra.node", "james-1"));
    }

    @Test
    void shouldRefuseCassandraKeysWithTheFileStoreNamingThem() {
        assertThatThrownBy(() -> MtaStsProperties.parse(Map.of("cassandra.node", "james-1"), WORK))
                .isInstanceOf(MtaStsConfigurationException.class).hasMessageContaining("cassandra.node")
                .hasMessageContaining("store=cassandra");
    }

    @Test
    void shouldRefuseAnUnknownStoreNamingTheKey() {
        assertThatThrownBy(() -> MtaStsProperties.parse(Map.of("store", "redis"), WORK))
                .isInstanceOf(MtaStsConfigurationException.class).hasMessageContaining("store='redis'");
    }
}
