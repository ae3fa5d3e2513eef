package dev.mtasts.james;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.tlsrpt.TlsRptRecorder;
import dev.mtasts.james.tlsrpt.RunningReportSchedule;

/**
 * Ends the plugin's background work when James stops (James calls {@link PreDestroy} methods of the objects
 * its injectors built): the report schedule stops, the policy refresh stops, and the TLS-RPT recorder
 * writes a last checkpoint and flushes the failure log, so a clean stop loses no count.
 */
final class MtaStsLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(MtaStsLifecycle.class);

    private final Provider<PolicyService> policies;
    private final Provider<TlsRptRecorder> recorder;
    private final RunningReportSchedule reports;

    /**
     * Providers, not instances: this object is created eagerly (so that James knows of its stop method), and
     * must not build the services before the configuration has been checked on its own.
     */
    @Inject
    MtaStsLifecycle(Provider<PolicyService> policies, Provider<TlsRptRecorder> recorder, RunningReportSchedule reports) {
        this.policies = policies;
        this.recorder = recorder;
        this.reports = reports;
    }

    @PreDestroy
    void stop() {
        reports.stop();
        policies.get().close();
        recorder.get().close();
        LOG.info("MTA-STS: stopped (policy refresh, report schedule; TLS-RPT counts written)");
    }
}
