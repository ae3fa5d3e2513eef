package dev.mtasts.james.received;

import java.util.Optional;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.mtasts.core.received.FileReceivedReportStore;
import dev.mtasts.core.received.ReceivedLimits;
import dev.mtasts.core.received.ReceivedReportParser;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.received.ReportMailParts;
import dev.mtasts.james.config.ClusterStores;
import dev.mtasts.james.config.MtaStsConfiguration;

/**
 * The received TLS reports inside James: one store shared by the ingest mailet and the WebAdmin routes (under
 * {@code <data.dir>/received/}, or the cluster's with {@code store=cassandra}), and the parser with its default limits. Installed by {@code MtaStsModule}.
 */
public final class ReceivedReportsModule extends AbstractModule {
    static final String DIRECTORY = "received";

    @Provides
    @Singleton
    ReceivedReportParser parser() {
        return new ReceivedReportParser(ReceivedLimits.DEFAULTS);
    }

    @Provides
    @Singleton
    ReportMailParts mailParts() {
        return new ReportMailParts(ReceivedLimits.DEFAULTS);
    }

    @Provides
    @Singleton
    ReceivedReportStore store(MtaStsConfiguration configuration, ReceivedReportParser parser,
            Optional<ClusterStores> cluster) {
        return cluster.map(ClusterStores::received)
                .orElseGet(() -> new FileReceivedReportStore(configuration.dataDirectory().resolve(DIRECTORY), parser));
    }
}
