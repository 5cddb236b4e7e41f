package io.sparkgate.cli.server;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Renders docs/configuration.md from the options catalogue, which is the picocli model of every {@code sparkgate}
 * verb: the document cannot drift from the code, and ConfigurationDocTest fails when the committed file is stale.
 */
public final class ConfigurationDoc {
    private ConfigurationDoc() {
    }

    /** The Markdown of every verb's options, in {@code --help} order. */
    public static String render(CommandLine root) {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n")
                .append("<!-- Generated from the sparkgate command-line model by ConfigurationDoc; do not edit. -->\n")
                .append("<!-- Regenerate: mvn -B -q -pl cli test -Dtest=ConfigurationDocTest -Dsparkgate.docs.write=true -->\n\n")
                .append("Every option of every `sparkgate` verb. Durations are written `500ms`, `2s`, `1m`.\n\n")
                .append("Exit codes, the same for every verb: `0` done or allowed; `1` denied (by a policy), refused "
                        + "by the cluster, or failed; `2` bad input (a file that does not read, an invalid manifest, "
                        + "an unknown field under `--strict`, a bad flag).\n");
        for (CommandLine sub : root.getSubcommands().values().stream().distinct().toList()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            md.append("\n## sparkgate ").append(spec.name()).append("\n\n");
            String[] description = spec.usageMessage().description();
            if (description.length > 0) {
                md.append(oneLine(description[0])).append("\n\n");
            }
            List<OptionSpec> options = spec.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()
                    && !o.hidden()).toList();
            if (options.isEmpty()) {
                md.append("No options.\n");
                continue;
            }
            md.append("| option | value | default | description |\n|---|---|---|---|\n");
            for (OptionSpec o : options) {
                md.append("| `").append(String.join("`, `", o.names())).append("` | ")
                        .append(o.typeInfo().isBoolean() ? "" : cell(o.paramLabel())).append(" | ")
                        .append(o.defaultValue() == null ? (o.required() ? "required" : "") : "`" + o.defaultValue() + "`")
                        .append(" | ").append(cell(description(o))).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String description(OptionSpec option) {
        String text = String.join(" ", option.description());
        return text.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()))
                .replaceAll(" ?Default: [^ ]*\\.?$", "");
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
