package dev.mtasts.james.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.junit.jupiter.api.Test;

/** conf-samples/conf/webadmin.properties names the route classes as James's WebAdmin loads them. */
class WebAdminSampleTest {
    private static final Path SAMPLE = Path.of("..", "conf-samples", "conf", "webadmin.properties");

    @Test
    void shouldListEveryRouteClassWhichJamesCanInstantiateWhenReadFromTheSample() throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(SAMPLE)) {
            properties.load(reader);
        }

        List<String> names = Arrays.stream(properties.getProperty("extensions.routes", "").split(","))
            .map(String::trim).collect(Collectors.toList());

        assertThat(names).containsExactly(MtaStsPolicyRoutes.class.getName(), MtaStsCheckRoutes.class.getName(),
            MtaStsReportRoutes.class.getName(), MtaStsReceivedRoutes.class.getName(),
            MtaStsDashboardRoutes.class.getName());
        for (String name : names) {
            Class<?> type = Class.forName(name);
            assertThat(Routes.class).as(name).isAssignableFrom(type);
            Constructor<?>[] constructors = type.getConstructors();
            assertThat(constructors).as(name + ": one public constructor for Guice").hasSize(1);
            assertThat(constructors[0].isAnnotationPresent(Inject.class)).as(name + " is built by Guice").isTrue();
        }
        assertThat(properties.getProperty("host")).as("no authentication: loopback only").isEqualTo("127.0.0.1");
    }
}
