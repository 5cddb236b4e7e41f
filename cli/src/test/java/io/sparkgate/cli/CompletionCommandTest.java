package io.sparkgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sparkgate completion bash|zsh}: a script that completes every verb, and a clear refusal otherwise. */
class CompletionCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Sparkgate.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void bashAndZshScriptsCompleteEveryVerb() {
        String[] bash = run("completion", "bash");
        assertThat(bash[0]).isEqualTo("0");
        assertThat(bash[1]).contains("complete -F _complete_sparkgate")
                .contains("apply").contains("certs").contains("mutate").contains("--strict");
        String[] zsh = run("completion", "zsh");
        assertThat(zsh[0]).isEqualTo("0");
        assertThat(zsh[1]).startsWith("autoload -U +X compinit").contains("bashcompinit")
                .contains("complete -F _complete_sparkgate");
        String[] fish = run("completion", "fish");
        assertThat(fish[0]).isEqualTo("2");
        assertThat(fish[2]).contains("Invalid value for positional parameter at index 0 (SHELL): expected one of "
                + "[BASH, ZSH]");
    }
}
