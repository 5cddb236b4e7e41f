package io.sparkgate.api.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkgate.api.v1beta2.SparkRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryRuleTest {

    @Test
    void matchesWhatSpark411WroteIntoTheFixturePods() {
        // java-sparkpi: default 1g heap, factor 0.1 -> max(102, 384) -> 1408Mi
        assertThat(MemoryRule.podMemoryMiB(Map.of(), SparkRole.DRIVER, true)).isEqualTo(1408);
        // python-rich: 2g heap, Spark sets spark.kubernetes.memoryOverheadFactor=0.4 -> 2048 + 819 = 2867Mi
        Map<String, String> python = Map.of("spark.driver.memory", "2g", "spark.kubernetes.memoryOverheadFactor", "0.4");
        assertThat(MemoryRule.podMemoryMiB(python, SparkRole.DRIVER, false)).isEqualTo(2867);
        assertThat(MemoryRule.podMemoryMiB(Map.of("spark.driver.memory", "2g"), SparkRole.DRIVER, false)).isEqualTo(2867);
    }

    @Test
    void explicitOverheadAndRoleFactorWin() {
        assertThat(MemoryRule.podMemoryMiB(Map.of("spark.executor.memory", "4g", "spark.executor.memoryOverhead", "1g"),
                SparkRole.EXECUTOR, true)).isEqualTo(5120);
        assertThat(MemoryRule.podMemoryMiB(Map.of("spark.executor.memory", "10g",
                "spark.executor.memoryOverheadFactor", "0.2", "spark.kubernetes.memoryOverheadFactor", "0.4"),
                SparkRole.EXECUTOR, true)).isEqualTo(10240 + 2048);
    }

    @Test
    void executorAddsPySparkAndOffHeapMemory() {
        Map<String, String> conf = Map.of("spark.executor.memory", "4g", "spark.executor.pyspark.memory", "512m",
                "spark.memory.offHeap.enabled", "true", "spark.memory.offHeap.size", "1g");
        assertThat(MemoryRule.podMemoryMiB(conf, SparkRole.EXECUTOR, false)).isEqualTo(4096 + 1638 + 512 + 1024);
    }

    @Test
    void parsesJavaUnits() {
        assertThat(JavaMemory.toMiB("1gb", "f")).isEqualTo(1024);
        assertThat(JavaMemory.toMiB("2048", "f")).isEqualTo(2048);
        assertThat(JavaMemory.toMiB("512M", "f")).isEqualTo(512);
    }

    @Test
    void rejectsWhatSparkRejectsNamingTheField() {
        assertThatThrownBy(() -> JavaMemory.toMiB("2 gigs", "spec.driver.memory"))
                .hasMessageContaining("spec.driver.memory").hasMessageContaining("2 gigs");
        assertThatThrownBy(() -> JavaMemory.toMiB("1.5g", "spec.driver.memory")).hasMessageContaining("1.5g");
        assertThatThrownBy(() -> JavaMemory.toMiB("99999999999999p", "x")).hasMessageContaining("too large");
        // Spark's byteStringAs matches ([0-9]+)([a-z]+)? after trimming: no space between number and unit.
        assertThatThrownBy(() -> JavaMemory.toMiB("512 m", "spec.driver.memory"))
                .hasMessage("spec.driver.memory: \"512 m\" is not a Spark memory size (a whole number with an optional "
                        + "unit k, m, g, t or p, e.g. 512m or 2g)");
        assertThat(JavaMemory.toMiB(" 512m ", "f")).isEqualTo(512);
    }
}
