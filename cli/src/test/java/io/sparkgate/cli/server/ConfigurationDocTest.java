package io.sparkgate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.cli.Sparkgate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from the command-line model; this fails when the committed file is stale. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void committedConfigurationDocMatchesTheOptions() throws Exception {
        String generated = ConfigurationDoc.render(Sparkgate.commandLine());
        if (Boolean.getBoolean("sparkgate.docs.write")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(generated).contains("## sparkgate webhook").contains("`--tls-cert-file`").contains("## sparkgate dev");
        assertThat(Files.exists(DOC)).as("docs/configuration.md exists").isTrue();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: regenerate it with "
                        + "mvn -B -q -pl cli test -Dtest=ConfigurationDocTest -Dsparkgate.docs.write=true")
                .isEqualTo(generated);
    }
}
