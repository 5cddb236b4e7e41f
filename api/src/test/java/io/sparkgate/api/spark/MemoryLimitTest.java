package io.sparkgate.api.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** kubeflow's {@code memoryLimit} grammar: Java suffixes converted, everything else a Kubernetes quantity. */
class MemoryLimitTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "512m, 512Mi, 512", "512M, 512Mi, 512", "2g, 2Gi, 2048", "2G, 2Gi, 2048", "1gb, 1Gi, 1024", "1GB, 1Gi, 1024",
        "100k, 100Ki, 1", "100kb, 100Ki, 1", "1t, 1Ti, 1048576", "1tb, 1Ti, 1048576", "1p, 1Pi, 1073741824",
        "1PB, 1Pi, 1073741824", "1.5g, 1.5Gi, 1536", "4096m, 4096Mi, 4096",
        "10Gi, 10Gi, 10240", "4Gi, 4Gi, 4096", "1536Mi, 1536Mi, 1536", "2Ti, 2Ti, 2097152",
        "2e9, 2e9, 1908", "1073741824, 1073741824, 1024", "4096, 4096, 1", "' 3Gi ', 3Gi, 3072"})
    void convertsJavaSuffixesAndKeepsKubernetesQuantities(String value, String quantity, long mib) {
        assertThat(MemoryLimit.toQuantity(value, "spec.driver.memoryLimit")).isEqualTo(quantity);
        assertThat(MemoryLimit.toMiB(value, "spec.driver.memoryLimit")).isEqualTo(mib);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4 gigs", "12x", "10GiB", "-1Gi", "0", "0Gi", "1.2.3g", "g", "Gi", "10 Gi", "1e", "ten"})
    void refusesWhatKubeflowRefusesNamingTheFieldAndTheForms(String value) {
        assertThatThrownBy(() -> MemoryLimit.toQuantity(value, "spec.executor.memoryLimit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spec.executor.memoryLimit: ")
                .hasMessageContaining(MemoryLimit.ACCEPTED_FORMS);
    }
}
