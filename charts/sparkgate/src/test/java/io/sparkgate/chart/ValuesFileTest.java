package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** values.yaml documents every key, and names no registry host. */
class ValuesFileTest {
    private static final Pattern KEY = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9]*:.*");

    @Test
    void everyKeyHasACommentRightAboveIt() throws IOException {
        List<String> lines = Files.readAllLines(Helm.chart().resolve("values.yaml"));
        assertThat(lines).anyMatch(l -> l.startsWith("certs:"));
        for (int i = 0; i < lines.size(); i++) {
            if (KEY.matcher(lines.get(i)).matches()) {
                assertThat(i > 0 ? lines.get(i - 1).trim() : "").as("comment above line %d: %s", i + 1, lines.get(i))
                        .startsWith("# ");
            }
        }
    }

    @Test
    void theDefaultImageNamesNoRegistryHost() throws IOException {
        String repository = Files.readAllLines(Helm.chart().resolve("values.yaml")).stream()
                .filter(l -> l.trim().startsWith("repository:")).findFirst().orElseThrow();
        String firstPart = repository.split(":", 2)[1].trim().split("/")[0];
        assertThat(firstPart).doesNotContain(".").doesNotContain(":");
    }
}
