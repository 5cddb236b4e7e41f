package io.sparkgate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.cli.Sparkgate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The chart's webhook limit values ({@code webhook.decisionDeadline} ...) are flags {@code sparkgate webhook}
 * knows, their defaults are the command's defaults, and the command reads them to the same limits.
 */
class ChartWebhookFlagsTest {
    private static final Path CHART = Path.of("..", "charts", "sparkgate");
    private static final Pattern FLAG = Pattern.compile("^- (--[a-z-]+)=\\{\\{ (?:int )?\\$w\\.([A-Za-z]+) }}$");

    /** The flags of the chart's sparkgate.webhookLimitArgs helper, by the value key each one reads. */
    private static Map<String, String> chartFlags() throws Exception {
        String helpers = Files.readString(CHART.resolve("templates/_helpers.tpl"));
        int start = helpers.indexOf("define \"sparkgate.webhookLimitArgs\"");
        String body = helpers.substring(start, helpers.indexOf("{{- end }}", start));
        Map<String, String> flags = new LinkedHashMap<>();
        for (String line : body.lines().toList()) {
            Matcher m = FLAG.matcher(line.trim());
            if (m.matches()) {
                flags.put(m.group(2), m.group(1));
            }
        }
        return flags;
    }

    /** {@code sparkgate <args>} parsed as the CLI parses it, without running it. */
    private static WebhookCommand parse(String... args) {
        CommandLine.ParseResult result = Sparkgate.commandLine().parseArgs(args);
        return (WebhookCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void everyChartLimitIsAWebhookFlagWithTheSameDefault() throws Exception {
        Map<String, String> flags = chartFlags();
        assertThat(flags.values()).containsExactly("--decision-deadline", "--admission-workers", "--admission-queue",
                "--header-timeout", "--idle-timeout", "--max-connections", "--quota-reservation-ttl",
                "--quota-commit-budget");
        JsonNode webhook = Json.yaml().readTree(Files.readString(CHART.resolve("values.yaml"))).path("webhook");
        CommandLine.Model.CommandSpec spec = Sparkgate.commandLine().getSubcommands().get("webhook")
                .getCommandSpec();
        List<String> args = new ArrayList<>(List.of("webhook", "--tls-cert-file", "a.crt", "--tls-key-file", "a.key"));
        flags.forEach((key, flag) -> {
            CommandLine.Model.OptionSpec option = spec.findOption(flag);
            assertThat(option).as(flag).isNotNull();
            assertThat(webhook.path(key).isMissingNode()).as("values.yaml webhook.%s", key).isFalse();
            assertThat(webhook.path(key).asText()).as("webhook.%s vs %s", key, flag).isEqualTo(option.defaultValue());
            args.add(flag + "=" + webhook.path(key).asText());
        });
        WebhookCommand fromChart = parse(args.toArray(String[]::new));
        WebhookCommand defaults = parse("webhook", "--tls-cert-file", "a.crt", "--tls-key-file", "a.key");
        assertThat(fromChart.admission.limits()).isEqualTo(defaults.admission.limits());
        assertThat(fromChart.admission.quotaTiming()).isEqualTo(defaults.admission.quotaTiming());
        assertThat(fromChart.admission.limits().decisionDeadline()).hasSeconds(4);
        assertThat(fromChart.admission.limits().maxConnections()).isEqualTo(1000);
    }
}
