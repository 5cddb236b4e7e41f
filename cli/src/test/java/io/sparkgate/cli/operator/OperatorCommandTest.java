package io.sparkgate.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.cli.Sparkgate;
import io.sparkgate.operator.OperatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sparkgate operator}: its help reads well and its options become the operator's configuration. */
class OperatorCommandTest {

    @Test
    void helpExplainsTheVerbAndEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cl = Sparkgate.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("operator", "--help")).isZero();
        assertThat(out.toString()).contains("SparkApplication", "--kubeconfig", "--namespace", "--workers",
                "--leader-elect", "--lease-name", "--health-port", "Default: 10", "Examples:");
    }

    @Test
    void optionsBecomeTheConfiguration() {
        OperatorCommand cmd = new OperatorCommand();
        new CommandLine(cmd).parseArgs("-n", "spark-jobs", "--workers", "4", "--identity", "op-1",
                "--lease-namespace", "sparkgate", "--lease-duration", "20s", "--driver-grace-period", "2m");
        OperatorConfig config = cmd.config();
        assertThat(config.namespace()).isEqualTo("spark-jobs");
        assertThat(config.workers()).isEqualTo(4);
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.leaseNamespace()).isEqualTo("sparkgate");
        assertThat(config.identity()).isEqualTo("op-1");
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.driverGracePeriod()).isEqualTo(Duration.ofMinutes(2));
        OperatorCommand single = new OperatorCommand();
        new CommandLine(single).parseArgs("--leader-elect=false", "--identity", "x");
        assertThat(single.config().leaderElection()).isFalse();
        assertThat(single.config().namespace()).isNull();
    }

    @Test
    void badOptionsGetAClearMessage() {
        StringWriter err = new StringWriter();
        CommandLine cl = Sparkgate.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("operator", "--workers", "0", "--health-port", "0")).isNotZero();
        assertThat(err.toString()).contains("--workers must be at least 1");
        assertThat(cl.execute("operator", "--lease-duration", "soon")).isNotZero();
        assertThat(err.toString()).contains("'soon' is not a duration");
    }
}
