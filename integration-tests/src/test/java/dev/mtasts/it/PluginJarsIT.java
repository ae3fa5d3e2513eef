package dev.mtasts.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * The jars an operator copies into extensions-jars/, and the command line jar: the plugin jar names no Cassandra class at all (so the
 * memory server, which has none, never loads one with store=file), and the Cassandra store's jar bundles
 * nothing but its own classes (the driver and James's Cassandra backend are the distributed server's).
 */
class PluginJarsIT {
    private static final List<String> CASSANDRA_PACKAGES = List.of("com/datastax/", "org/apache/james/backends/cassandra/",
        "dev/mtasts/james/cassandra/");

    @Test
    void shouldReferToNoCassandraClassFromThePluginJar() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (JarFile jar = new JarFile(Path.of(System.getProperty(JamesWorkingDirectory.PLUGIN_JAR_PROPERTY)).toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                // Class references live in the constant pool as UTF-8 internal names.
                String bytes = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                if (CASSANDRA_PACKAGES.stream().anyMatch(bytes::contains) || entry.getName().startsWith("com/datastax/")) {
                    offenders.add(entry.getName());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void shouldHoldOnlyThisProjectsClassesInThePluginJar() throws IOException {
        // Nothing James ships (dnsjava, Jackson, javax.mail, slf4j) and no logging binding: HttpClient 5 is
        // relocated under dev/mtasts/shaded/; the dashboard's uPlot files are resources.
        try (JarFile jar = new JarFile(Path.of(System.getProperty(JamesWorkingDirectory.PLUGIN_JAR_PROPERTY)).toFile())) {
            assertThat(java.util.Collections.list(jar.entries())).extracting(JarEntry::getName)
                .filteredOn(name -> name.endsWith(".class"))
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith("dev/mtasts/"))
                .anySatisfy(name -> assertThat(name).startsWith("dev/mtasts/shaded/hc/client5/"))
                .noneSatisfy(name -> assertThat(name).startsWith("dev/mtasts/cli/"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isNull();
            assertThat(jar.getEntry("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")).isNotNull();
        }
    }

    @Test
    void shouldRunTheCommandLineFromItsOwnJar() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", System.getProperty(JamesWorkingDirectory.CLI_JAR_PROPERTY), "txt", "lint", "v=STSv1; id=1;")
            .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(out).isZero();
        assertThat(out).startsWith("txt record: valid");
    }

    @Test
    void shouldBundleOnlyItsOwnClassesInTheCassandraStoreJar() throws IOException {
        try (JarFile jar = new JarFile(Path.of(System.getProperty("mtasts.it.cassandraStoreJar")).toFile())) {
            assertThat(java.util.Collections.list(jar.entries())).extracting(JarEntry::getName)
                .filteredOn(name -> name.endsWith(".class"))
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith("dev/mtasts/james/cassandra/"));
        }
    }
}
