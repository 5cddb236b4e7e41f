package io.sparkgate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.testing.SparkFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The samples built into the jar, so {@code dev} runs without ../shared, are exact copies of their sources. */
class DevSampleTest {

    @Test
    void builtInDriverPodIsTheRealSparkOne() {
        JsonNode builtIn = Json.read(DevCommand.resource("spark-pi-driver.json"), JsonNode.class);
        assertThat(builtIn).isEqualTo(SparkFixtures.podJson(SparkFixtures.JAVA_SPARK_PI));
    }

    @Test
    void builtInAppIsTheSparkPiExample() throws Exception {
        assertThat(DevCommand.resource("spark-pi.yaml"))
                .isEqualTo(Files.readString(Path.of("..", "examples", "spark-pi.yaml")));
    }

    @Test
    void sampleReviewIsAPodCreateInDefault() {
        JsonNode request = DevCommand.sampleReview().get("request");
        assertThat(request.get("operation").asText()).isEqualTo("CREATE");
        assertThat(request.get("namespace").asText()).isEqualTo("default");
        assertThat(request.get("uid").asText()).isNotBlank();
        assertThat(request.at("/object/metadata/labels/spark-role").asText()).isEqualTo("driver");
    }
}
