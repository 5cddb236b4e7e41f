package io.sparkgate.webhook.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryAppLookupTest {
    @TempDir
    Path dir;

    @Test
    void readsTheExamplesWithStableUids() {
        DirectoryAppLookup apps = DirectoryAppLookup.load(Path.of("..", "examples"));
        assertThat(apps.names()).contains("default/spark-pi");
        String uid = apps.find("default", "spark-pi").orElseThrow().getMetadata().getUid();
        assertThat(uid).isEqualTo(DirectoryAppLookup.load(Path.of("..", "examples")).find("default", "spark-pi")
                .orElseThrow().getMetadata().getUid());
    }

    @Test
    void badFilesAndDirectoriesAreNamed() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: "
                + "SparkApplication\nmetadata: [oops\n");
        assertThatThrownBy(() -> DirectoryAppLookup.load(dir)).hasMessageStartingWith("broken.yaml: not a valid");
        assertThatThrownBy(() -> DirectoryAppLookup.load(dir.resolve("nope")))
                .hasMessageContaining("does not exist");
    }
}
