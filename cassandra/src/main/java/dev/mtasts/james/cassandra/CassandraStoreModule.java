package dev.mtasts.james.cassandra;

import java.time.Clock;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.inject.AbstractModule;
import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;

import dev.mtasts.core.received.ReceivedReportParser;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import dev.mtasts.james.config.ClusterStores;
import dev.mtasts.james.config.MtaStsConfiguration;
import dev.mtasts.james.tlsrpt.ReportSchedule;

/**
 * The Cassandra store ({@code store=cassandra}), for several James nodes that share one policy cache, one
 * set of TLS-RPT counts and one daily report per domain. Listed after the plugin's module in
 * {@code conf/extensions.properties}:
 * <pre>
 * guice.extension.module=dev.mtasts.james.MtaStsModule,dev.mtasts.james.cassandra.CassandraStoreModule
 * </pre>
 * On James's distributed server it uses James's own {@link CqlSession} and keyspace; elsewhere it opens a
 * session from {@code cassandra.contact.points}. Either way it creates its tables ({@link MtaStsTables}) if
 * missing. See docs/distributed.md.
 */
public final class CassandraStoreModule extends AbstractModule {
    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), ClusterStores.class).setBinding().to(CassandraStores.class);
        bind(Lifecycle.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    CassandraStores stores(MtaStsConfiguration configuration, Injector injector, TlsRptRecorder recorder,
            Clock clock, Lifecycle lifecycle, ReceivedReportParser parser) {
        CassandraStoreSettings settings = CassandraStoreSettings.parse(configuration.store().cassandraProperties());
        Binding<CqlSession> james = injector.getExistingBinding(Key.get(CqlSession.class));
        boolean own = settings.contactPoints().size() > 0;
        if (!own && james == null) {
            throw new dev.mtasts.james.config.MtaStsConfigurationException("mta-sts.properties: this James has no"
                    + " Cassandra session; set cassandra.contact.points (and cassandra.keyspace) for the store's own");
        }
        CqlSession session = own ? CassandraSessions.open(settings) : james.getProvider().get();
        MtaStsTables.createIfMissing(session);
        CassandraStores stores = new CassandraStores(settings, session, own, recorder, clock,
                new CassandraStores.Received(parser, configuration.tlsRpt().retentionDays()));
        FileStoreImport.importPolicies(configuration.dataDirectory(), stores.policies(), clock);
        stores.start();
        lifecycle.started(stores);
        return stores;
    }

    /**
     * Ends the store's work when James stops: the report schedule first (it reads the store), then the push
     * thread after a last push, then an own session. Nothing to do if the store was never built.
     */
    @Singleton
    static final class Lifecycle {
        private final ReportSchedule reports;
        private volatile CassandraStores stores;

        @Inject
        Lifecycle(ReportSchedule reports) {
            this.reports = reports;
        }

        void started(CassandraStores value) {
            this.stores = value;
        }

        @PreDestroy
        void stop() {
            CassandraStores running = stores;
            if (running != null) {
                reports.stop();
                running.close();
            }
        }
    }
}
