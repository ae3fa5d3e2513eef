package dev.mtasts.james.config;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code conf/mta-sts.properties} through James's {@link PropertiesProvider} (so it honours James's
 * configuration path) and resolves {@code data.dir} against James's working directory. A missing file means
 * all defaults. Logs the resulting settings once, at INFO, starting with {@code MTA-STS: configuration
 * loaded}.
 *
 * <p>Used once, at start-up, by {@code dev.mtasts.james.MtaStsModule}. Throws {@link MtaStsConfigurationException} for an
 * invalid file, which stops James.
 */
public final class MtaStsConfigurationLoader implements Provider<MtaStsConfiguration> {
    private static final Logger LOGGER = LoggerFactory.getLogger(MtaStsConfigurationLoader.class);
    private static final String CONFIGURATION_NAME = "mta-sts";

    private final PropertiesProvider propertiesProvider;
    private final JamesDirectoriesProvider directories;

    @Inject
    public MtaStsConfigurationLoader(PropertiesProvider propertiesProvider, JamesDirectoriesProvider directories) {
        this.propertiesProvider = propertiesProvider;
        this.directories = directories;
    }

    @Override
    public MtaStsConfiguration get() {
        Map<String, String> properties = readProperties();
        Path workingDirectory = Path.of(directories.getRootDirectory()).toAbsolutePath();
        MtaStsConfiguration configuration = MtaStsProperties.parse(properties, workingDirectory);
        LOGGER.info("MTA-STS: configuration loaded ({}): {}",
            properties.isEmpty() ? "no conf/" + MtaStsProperties.FILE_NAME + " or no keys, defaults" : "conf/"
                + MtaStsProperties.FILE_NAME, configuration);
        return configuration;
    }

    private Map<String, String> readProperties() {
        Configuration configuration;
        try {
            configuration = propertiesProvider.getConfiguration(CONFIGURATION_NAME);
        } catch (FileNotFoundException e) {
            return Map.of();
        } catch (ConfigurationException e) {
            throw new MtaStsConfigurationException(MtaStsProperties.FILE_NAME + " cannot be read: "
                + e.getMessage(), e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            // James reads .properties files with ',' as list delimiter: join the pieces back into the text.
            properties.put(key, String.join(",", configuration.getStringArray(key)));
        }
        return properties;
    }
}
