package io.sparkgate.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkgate completion bash|zsh}: the shell completion script picocli generates from the command model,
 * so every verb and option completes. Load it with {@code source <(sparkgate completion bash)}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script: source <(sparkgate completion bash), or for zsh "
                + "source <(sparkgate completion zsh).", "Exit code: 0 printed, 2 an unknown shell."})
public final class CompletionCommand implements Callable<Integer> {
    /** The shells a script is generated for. */
    public enum Shell { BASH, ZSH }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("sparkgate", spec.root().commandLine());
        if (shell == Shell.ZSH) {
            // picocli's script is bash's; zsh runs it through its bash-completion emulation
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
