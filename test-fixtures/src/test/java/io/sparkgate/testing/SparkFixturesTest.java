package io.sparkgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkFixturesTest {

    @Test
    void loadsWhatSparkCreated() {
        assertThat(SparkFixtures.driverPod(SparkFixtures.PYTHON_RICH).getMetadata().getLabels())
                .containsEntry("spark-role", "driver");
        assertThat(SparkFixtures.pods(SparkFixtures.EXECUTORS)).hasSize(2)
                .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("spark-role", "executor"));
        assertThat(SparkFixtures.service(SparkFixtures.JAVA_SPARK_PI).getSpec().getClusterIP()).isEqualTo("None");
        assertThat(SparkFixtures.configMap(SparkFixtures.JAVA_SPARK_PI).getData()).containsKey("spark.properties");
    }
}
