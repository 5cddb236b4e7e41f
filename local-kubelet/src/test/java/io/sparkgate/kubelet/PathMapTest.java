package io.sparkgate.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathMapTest {
    @TempDir
    Path root;

    private PathMap paths() throws Exception {
        Files.createDirectories(root.resolve("opt/spark/jars"));
        return new PathMap(root, List.of("/opt/spark/conf", "/mnt/events"));
    }

    @Test
    void pathsIntoMountsAndTheImageLiveUnderThePodRoot() throws Exception {
        PathMap paths = paths();
        assertThat(paths.path("/opt/spark/conf/spark.properties")).isEqualTo(root + "/opt/spark/conf/spark.properties");
        assertThat(paths.path("/mnt/events")).isEqualTo(root + "/mnt/events");
        assertThat(paths.path("/opt/spark/examples/jars/spark-examples.jar"))
                .isEqualTo(root + "/opt/spark/examples/jars/spark-examples.jar");
    }

    @Test
    void otherPathsAndNonPathsAreLeftAlone() throws Exception {
        PathMap paths = paths();
        assertThat(paths.path("/tmp/x")).isEqualTo("/tmp/x");
        assertThat(paths.path("/mnt/eventsX/y")).as("a prefix that is not a path prefix").isEqualTo("/mnt/eventsX/y");
        assertThat(paths.value("spark-internal")).isEqualTo("spark-internal");
        assertThat(paths.value("1000")).isEqualTo("1000");
        assertThat(paths.value("k8s://https://kubernetes.default.svc:443")).isEqualTo("k8s://https://kubernetes.default.svc:443");
    }

    @Test
    void urisListsAndJvmOptionsKeepTheirShape() throws Exception {
        PathMap paths = paths();
        assertThat(paths.value("local:///opt/spark/examples/jars/a.jar"))
                .isEqualTo("local://" + root + "/opt/spark/examples/jars/a.jar");
        assertThat(paths.value("file:/mnt/events")).isEqualTo("file:" + root + "/mnt/events");
        assertThat(paths.value("file:///mnt/events/app")).isEqualTo("file://" + root + "/mnt/events/app");
        assertThat(paths.value("local:///opt/spark/conf/a,/tmp/b")).isEqualTo("local://" + root + "/opt/spark/conf/a,/tmp/b");
        assertThat(paths.value("-Dspark.eventLog.dir=file:/mnt/events"))
                .isEqualTo("-Dspark.eventLog.dir=file:" + root + "/mnt/events");
        assertThat(paths.value("-Dspark.driver.port=7078")).isEqualTo("-Dspark.driver.port=7078");
    }
}
