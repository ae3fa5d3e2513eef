package dev.mtasts.james.received;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.mtasts.core.received.FileReceivedReportStore;
import dev.mtasts.core.received.ReceivedLimits;
import dev.mtasts.core.received.ReceivedReportParser;
import dev.mtasts.core.received.ReceivedReportStore;
import dev.mtasts.core.received.ReportMailParts;
import dev.mtasts.james.config.MtaStsConfiguration;

/**
 * The received TLS reports inside James: one store under {@code <data.dir>/received/} shared by the ingest
 * mailet and the WebAdmin routes, and the parser with its default limits. Installed by {@code MtaStsModule}.
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
    ReceivedReportStore store(MtaStsConfiguration configuration, ReceivedReportParser parser) {
        return new FileReceivedReportStore(configuration.dataDirectory().resolve(DIRECTORY), parser);
    }
}
