package dev.mtasts.james;

import com.google.inject.AbstractModule;

/**
 * The plugin's Guice module, named in James's {@code conf/extensions.properties}:
 * <pre>
 * guice.extension.module=dev.mtasts.james.MtaStsModule
 * </pre>
 * James builds a child injector from it, from which it creates the plugin's matchers and mailets. It binds
 * the shared singletons: for now the {@link MtaStsConfiguration} read from {@code conf/mta-sts.properties}.
 * The configuration is an eager singleton, so an invalid file stops James at start-up (with a message naming
 * the key) instead of at the first mail.
 */
public final class MtaStsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(MtaStsConfiguration.class).toProvider(MtaStsConfigurationLoader.class).asEagerSingleton();
    }
}
