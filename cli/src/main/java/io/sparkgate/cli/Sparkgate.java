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
            io.sparkgate.cli.certs.CertsCommand.class,
            io.sparkgate.cli.server.WebhookCommand.class,
            io.sparkgate.cli.certs.CertWriterCommand.class,
            io.sparkgate.cli.server.DevCommand.class,
            io.sparkgate.cli.operator.OperatorCommand.class,
            io.sparkgate.cli.offline.ValidateCommand.class,
            io.sparkgate.cli.offline.MutateCommand.class,
            io.sparkgate.cli.app.CreateCommand.class, io.sparkgate.cli.app.ApplyCommand.class,
            io.sparkgate.cli.app.ListCommand.class, io.sparkgate.cli.app.StatusCommand.class, io.sparkgate.cli.app.LogCommand.class, io.sparkgate.cli.app.EventCommand.class, io.sparkgate.cli.app.DeleteCommand.class, io.sparkgate.cli.app.ForwardCommand.class,
            CompletionCommand.class,
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
