package dev.mtasts.james;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mtasts.james.config.MtaStsConfiguration;
import dev.mtasts.core.DurationText;
import dev.mtasts.core.cache.PolicyService;
import dev.mtasts.core.tlsrpt.record.TlsRptRecorder;
import dev.mtasts.james.tlsrpt.ReportSchedule;

/**
 * The plugin's background work, started with its module and stopped with James, whatever mailets are
 * configured: the TLS-RPT recorder's checkpoints and failure log, the policy refresh (RFC 8461 §5.1
 * proactive refresh), and the daily report schedule. An eager singleton of {@link MtaStsModule}: James builds
 * it when it builds the module's injector, after {@link MtaStsConfiguration} (its first parameter, so an
 * invalid file stops James with its own message before anything starts). James calls its {@link PreDestroy}
 * method when it stops: the schedule and the refresh stop, and the recorder writes a last checkpoint and
 * flushes the failure log, so a clean stop loses no count.
 */
final class MtaStsLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(MtaStsLifecycle.class);

    private final PolicyService policies;
    private final TlsRptRecorder recorder;
    private final ReportSchedule reports;

    @Inject
    MtaStsLifecycle(MtaStsConfiguration configuration, TlsRptRecorder recorder, PolicyService policies,
            ReportSchedule reports) {
        this.policies = policies;
        this.recorder = recorder;
        this.reports = reports;
        recorder.start();
        policies.start();
        reports.start();
        LOG.info("MTA-STS: started (TLS-RPT recording, policy refresh every {}, report schedule polling every {})",
                DurationText.format(configuration.refreshPeriod()),
                DurationText.format(configuration.tlsRpt().pollInterval()));
    }

    @PreDestroy
    void stop() {
        reports.stop();
        policies.close();
        recorder.close();
        LOG.info("MTA-STS: stopped (policy refresh, report schedule; TLS-RPT counts written)");
    }
}
