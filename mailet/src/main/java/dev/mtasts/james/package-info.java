/**
 * The classes a James administrator names in configuration: {@code MtaStsModule} (extensions.properties),
 * {@code MtaStsRemoteDelivery} (mailetcontainer.xml; {@code HasMtaStsPolicy}, in the matcher module, is in
 * this package too), and the lifecycle that starts and stops the plugin's background work with the module.
 * Everything else of the James side is in the sub-packages.
 */
package dev.mtasts.james;
