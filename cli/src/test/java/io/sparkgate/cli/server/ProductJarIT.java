package io.sparkgate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the product jar carries no Spark. The no-spark enforcer rule keeps Spark out of every module's
 * dependency tree; this checks the artifact itself, after shading, for Spark's and Scala's classes.
 */
class ProductJarIT {

    @Test
    void theShadedJarHoldsNoSparkOrScalaClassButTheLocalKubelet() throws Exception {
        Path jar = Path.of("target", "sparkgate.jar");
        assertThat(jar).as("failsafe runs after the package phase built it").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(JarEntry::getName).toList();
            assertThat(names).filteredOn(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/"))
                    .as("Spark or Scala classes in the product").isEmpty();
            assertThat(names).contains("io/sparkgate/kubelet/LocalKubelet.class");
        }
        assertThat(Files.size(jar)).isLessThan(100L * 1024 * 1024);
    }
}
