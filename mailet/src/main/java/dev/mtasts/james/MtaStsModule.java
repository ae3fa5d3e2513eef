package dev.mtasts.james;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;

import dev.mtasts.james.config.ClusterStores;
import dev.mtasts.james.config.MtaStsConfiguration;
import dev.mtasts.james.config.MtaStsConfigurationException;
import dev.mtasts.james.config.MtaStsConfigurationLoader;
import dev.mtasts.james.config.MtaStsProperties;
import dev.mtasts.james.config.StoreSettings;
import dev.mtasts.core.cache.FilePolicyStore;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.cache.PolicyServiceSettings;
import dev.mtasts.core.cache.PolicyStore;
import dev.mtasts.core.delivery.DeliveryObserver;
import dev.mtasts.core.delivery.PkixSessionTrust;
import dev.mtasts.core.delivery.SessionTrust;
import dev.mtasts.core.dns.DnsJavaResolver;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.ResolverSettings;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.HttpsPolicyFetcher;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.tls.CertificateVerifier;
import dev.mtasts.core.tls.TrustSettings;
import dev.mtasts.core.tlsrpt.record.RecorderSettings;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import dev.mtasts.james.received.ReceivedReportsModule;
import dev.mtasts.james.tlsrpt.TlsRptReportsModule;

/**
 * The plugin's Guice module, named in James's {@code conf/extensions.properties}:
 * <pre>
 * guice.extension.module=dev.mtasts.james.MtaStsModule
 * </pre>
 * James builds a child injector from it, from which it creates the plugin's matchers and mailets. It binds
 * the singletons they share: the {@link MtaStsConfiguration} read from {@code conf/mta-sts.properties} (asked for
 * first by the eager {@link MtaStsLifecycle}, so an invalid file stops James at start-up with a message naming the
 * key), ONE
 * {@link PolicyService} with its resolver, fetcher, store and background refresh, the certificate checks,
 * and the TLS-RPT recorder that every delivery and fetch failure is reported to. {@link Clock} comes from
 * James.
 */
public final class MtaStsModule extends AbstractModule {
    private static final String POLICY_DIRECTORY = "policies";

    @Override
    protected void configure() {
        // Not eager itself: MtaStsLifecycle (eager) asks for it first, so an invalid file is one error, its own.
        bind(MtaStsConfiguration.class).toProvider(MtaStsConfigurationLoader.class).in(Singleton.class);
        // Bound by a cluster store's module (store=cassandra: dev.mtasts.james.cassandra.CassandraStoreModule).
        OptionalBinder.newOptionalBinder(binder(), ClusterStores.class);
        install(new TlsRptReportsModule());
        install(new ReceivedReportsModule());
        bind(MtaStsLifecycle.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    DnsResolver resolver(MtaStsConfiguration configuration) {
        ResolverSettings.Builder settings = ResolverSettings.builder().timeout(configuration.dnsTimeout());
        configuration.dnsServers().forEach(settings::server);
        return new DnsJavaResolver(settings.build());
    }

    @Provides
    @Singleton
    CertificateVerifier certificateVerifier(MtaStsConfiguration configuration, Clock clock) {
        TrustSettings trust;
        try {
            trust = configuration.trustStore().isPresent() ? configuration.trustStore().get().load()
                    : TrustSettings.jdkDefault();
        } catch (GeneralSecurityException | IOException e) {
            throw new MtaStsConfigurationException("the trust store cannot be loaded: " + e.getMessage(), e);
        }
        return new CertificateVerifier(trust, clock);
    }

    /** The policy fetch's limits and port, shared by the fetcher and the WebAdmin check route. */
    @Provides
    @Singleton
    FetchSettings fetchSettings(MtaStsConfiguration configuration) {
        return FetchSettings.defaults()
                .withConnectTimeout(configuration.fetchConnectTimeout())
                .withTotalTimeout(configuration.fetchTimeout())
                .withPort(configuration.fetchPort());
    }

    @Provides
    @Singleton
    PolicyFetcher fetcher(FetchSettings settings, DnsResolver resolver, CertificateVerifier verifier) {
        return new HttpsPolicyFetcher(resolver, verifier, settings);
    }

    @Provides
    @Singleton
    TlsRptRecorder recorder(MtaStsConfiguration configuration, Clock clock) {
        RecorderSettings settings = RecorderSettings.builder(configuration.dataDirectory())
                .failureLogRetentionDays(configuration.tlsRpt().retentionDays())
                .build();
        return new TlsRptRecorder(settings, clock);
    }

    @Provides
    @Singleton
    DeliveryObserver deliveryObserver(TlsRptRecorder recorder) {
        return recorder;
    }

    /**
     * The files under {@code data.dir} ({@code store=file}) or the cluster's store ({@code store=cassandra});
     * a store module listed without {@code store=cassandra}, or the reverse, stops James naming both lines.
     */
    @Provides
    @Singleton
    PolicyStore policyStore(MtaStsConfiguration configuration, Optional<ClusterStores> cluster) {
        boolean wantsCluster = configuration.store().kind() == StoreSettings.Kind.CASSANDRA;
        if (wantsCluster && cluster.isEmpty()) {
            throw new MtaStsConfigurationException(MtaStsProperties.FILE_NAME + ": " + StoreSettings.STORE
                    + "=cassandra needs the Cassandra store module: add dev.mtasts.james.cassandra.CassandraStoreModule"
                    + " to guice.extension.module in extensions.properties and its jar to extensions-jars/");
        }
        if (!wantsCluster && cluster.isPresent()) {
            throw new MtaStsConfigurationException("extensions.properties lists the Cassandra store module but "
                    + MtaStsProperties.FILE_NAME + " has " + StoreSettings.STORE + "=file; set "
                    + StoreSettings.STORE + "=cassandra or remove the module");
        }
        return cluster.map(ClusterStores::policies)
                .orElseGet(() -> new FilePolicyStore(configuration.dataDirectory().resolve(POLICY_DIRECTORY)));
    }

    @Provides
    @Singleton
    PolicyService policyService(MtaStsConfiguration configuration, Clock clock, DnsResolver resolver,
            PolicyFetcher fetcher, TlsRptRecorder recorder, PolicyStore store) {
        PolicyServiceSettings settings = PolicyServiceSettings.builder()
                .refreshPeriod(configuration.refreshPeriod())
                // a lookup (TXT query + policy fetch) holds a spool or delivery thread at most this long
                .lookupWait(configuration.dnsTimeout().plus(configuration.fetchTimeout()))
                .build();
        return new PolicyService(clock, resolver, fetcher, store, recorder, settings);
    }

    @Provides
    @Singleton
    SessionTrust.Factory sessionTrust(CertificateVerifier verifier) {
        return PkixSessionTrust.factory(verifier);
    }
}
