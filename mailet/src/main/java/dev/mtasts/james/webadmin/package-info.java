/**
 * The operator's surface inside James: WebAdmin routes over the plugin's shared singletons, loaded the way
 * James 3.8.1 loads route extensions ({@code extensions.routes} in {@code conf/webadmin.properties}; James's
 * {@code GuiceGenericLoader} builds each class from the injector that includes the extension modules, so the
 * routes see the very {@code PolicyService} and {@code TlsRptRecorder} the deliveries use).
 *
 * <p>{@link dev.mtasts.james.webadmin.MtaStsPolicyRoutes} shows, refreshes and evicts cached MTA-STS policies
 * (RFC 8461 §5.1); {@link dev.mtasts.james.webadmin.MtaStsCheckRoutes} runs the diagnostics walk of the
 * {@code check} command with the plugin's own resolver, trust anchors and fetch settings;
 * {@link dev.mtasts.james.webadmin.MtaStsReportRoutes} shows the TLS-RPT counts (RFC 8460 §4) and the report
 * files with the delivery state of each destination. Errors have James's WebAdmin shape.
 */
package dev.mtasts.james.webadmin;
