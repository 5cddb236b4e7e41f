package io.sparkgate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.cli.Sparkgate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The certificate-source flags of {@code sparkgate webhook}: bad combinations fail with one clear line. */
class WebhookCommandTest {
    @TempDir
    Path work;

    @Test
    void fileModeNeedsBothFiles() {
        assertThat(run("webhook", "--apps-dir", work.toString()))
                .startsWith("sparkgate webhook: --cert-mode file needs --tls-cert-file and --tls-key-file");
        assertThat(run("webhook", "--tls-cert-file", "a.crt", "--apps-dir", work.toString()))
                .startsWith("sparkgate webhook: give --tls-cert-file and --tls-key-file together");
    }

    @Test
    void policiesDirIsForOfflineUseOnly() {
        assertThat(run("webhook", "--cert-mode", "external", "--namespace", "ns", "--pod-name", "p",
                "--policies-dir", work.toString())).startsWith("sparkgate webhook: --policies-dir needs --apps-dir");
    }

    @Test
    void theQuotaCommitBudgetMustFitInTheDecisionDeadline() {
        String[] base = {"webhook", "--tls-cert-file", "a.crt", "--tls-key-file", "a.key", "--apps-dir",
                work.toString()};
        assertThat(run(concat(base, "--quota-commit-budget", "4s")))
                .startsWith("sparkgate webhook: --quota-commit-budget must be positive and shorter than "
                        + "--decision-deadline (4000 ms), was 4000 ms");
        assertThat(run(concat(base, "--quota-reservation-ttl", "0s")))
                .startsWith("sparkgate webhook: --quota-reservation-ttl must be positive, was 0 ms");
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theCacheCheckPeriodMustNotExceedTheStalenessItBounds() {
        assertThat(run("webhook", "--apps-dir", work.toString(), "--tls-cert-file", "a.crt", "--tls-key-file",
                "a.key", "--cache-check-period", "2m", "--cache-max-staleness", "60s"))
                .startsWith("sparkgate webhook: --cache-check-period / --cache-max-staleness: the cache check period "
                        + "(PT2M) must be positive and no longer than the maximum staleness (PT1M)");
    }

    @Test
    void theSecretModeNeedsANamespaceAndTheRemovedManagedModeSaysWhatReplacedIt() {
        if (System.getenv("POD_NAMESPACE") == null) {
            assertThat(run("webhook", "--cert-mode", "external", "--pod-name", "p"))
                    .startsWith("sparkgate webhook: --cert-mode external needs --namespace (or $POD_NAMESPACE)");
        }
        assertThat(run("webhook", "--cert-mode", "managed", "--namespace", "ns", "--pod-name", "p"))
                .startsWith("sparkgate webhook: --cert-mode managed is gone: the process serving the admission port "
                        + "must not hold the CA key")
                .contains("sparkgate cert-writer");
    }

    @Test
    void secretModeSettingsFollowTheChartsNamesAndOnlyRead() {
        WebhookCommand command = new WebhookCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--cert-mode", "external",
                "--namespace", "sparkgate-system", "--service", "sg", "--secret", "sg-tls", "--pod-name", "sg-0");
        var settings = command.certs.settings();
        assertThat(settings.secretName()).isEqualTo("sg-tls");
        assertThat(settings.apiServerHostname()).isEqualTo("sg.sparkgate-system.svc");
        var options = command.certs.managerOptions();
        assertThat(options.identity()).isEqualTo("sg-0");
        assertThat(options.mode()).isEqualTo(io.sparkgate.certs.ManagerOptions.Mode.EXTERNAL);
        for (String writerFlag : java.util.List.of("--lease-name", "--ca-validity", "--leaf-validity",
                "--mutating-webhook")) {
            assertThat(new CommandLine(new WebhookCommand()).getCommandSpec().findOption(writerFlag))
                    .as(writerFlag).isNull();
        }
    }

    private static String run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertThat(Sparkgate.commandLine().execute(args)).isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        return captured.toString();
    }
}
