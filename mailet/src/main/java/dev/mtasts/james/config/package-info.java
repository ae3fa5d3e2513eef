/**
 * The plugin's configuration: {@code conf/mta-sts.properties} read, validated at start-up with messages naming
 * the key, and held as {@link dev.mtasts.james.config.MtaStsConfiguration} (with its TLS-RPT part); the store
 * choice and the optional cluster stores another module may bind. Depends on no other package of the James side
 * but {@code delivery} (its local policy values).
 */
package dev.mtasts.james.config;
