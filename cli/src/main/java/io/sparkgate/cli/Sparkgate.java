package io.sparkgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sparkgate} command: one executable for the webhook server, the operator sidecar, certificate
 * bootstrap, the local {@code dev} pipeline, offline policy checks and the sparkctl-style app verbs.
 * Every verb is one class listed in {@code subcommands} below, in the order {@code --help} shows them.
 */
@Command(name = "sparkgate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Run Apache Spark on Kubernetes: an admission webhook for Spark pods and an operator for "
                + "kubeflow-format SparkApplications.", ""},
        subcommands = {
            CommandLine.HelpCommand.class,
        })
public final class Sparkgate implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Sparkgate()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
