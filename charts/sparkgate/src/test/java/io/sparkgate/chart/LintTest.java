package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm lint --strict} is clean for the defaults and every shipped example values file. */
class LintTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "cert-manager.yaml", "existing.yaml", "production.yaml"})
    void lintIsCleanInStrictMode(String valuesFile) {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", Helm.chart().toString(),
                "--namespace", Helm.NAMESPACE));
        if (!valuesFile.isEmpty()) {
            args.addAll(List.of("--values", CertModesTest.values(valuesFile).toString()));
        }
        Helm.Result r = Helm.run(args);
        assertThat(r.exitCode()).as("helm lint output:%n%s%s", r.stdout(), r.stderr()).isZero();
        assertThat(r.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
    }
}
