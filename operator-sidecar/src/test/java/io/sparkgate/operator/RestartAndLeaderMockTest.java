package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.LauncherSettings;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.SubmissionResult;
import io.sparkgate.launcher.Submitter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Restart safety: a kill mid-submission creates no second driver; of two replicas with a Lease exactly one acts. */
class RestartAndLeaderMockTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final MockCluster cluster = new MockCluster();
    private final List<Operator> operators = new ArrayList<>();

    @AfterEach
    void tearDown() {
        operators.forEach(Operator::stop);
        cluster.close();
    }

    private AppSubmitter launcher() {
        return new LauncherSubmitter(new SubmissionBuilder(LauncherSettings.inCluster(), Clock.systemUTC()),
                new Submitter(cluster.client));
    }

    private Operator operator(OperatorConfig config, AppSubmitter submitter, MeterRegistry registry) {
        Operator op = new Operator(cluster.client, config, submitter, app -> List.of(), registry, Clock.systemUTC(),
                new Random(7));
        operators.add(op);
        op.start();
        return op;
    }

    @Test
    void killedAfterCreatingTheDriverButBeforeWritingStatusThenRestarted() {
        AppSubmitter real = launcher();
        List<SubmissionResult> firstLife = new ArrayList<>();
        // The first life creates the driver, then "dies" before it can record SUBMITTED.
        AppSubmitter dying = (app, id) -> {
            if (firstLife.isEmpty()) {
                firstLife.add(real.submit(app, id));
            }
            throw new IllegalStateException("operator killed");
        };
        Operator first = operator(OperatorConfig.defaults("first"), dying, new SimpleMeterRegistry());
        cluster.create("default", Apps.sparkPi("crash"));
        long end = System.nanoTime() + WAIT.toNanos();
        while (firstLife.isEmpty() && System.nanoTime() < end) {
            MockCluster.sleep(20);
        }
        first.stop();
        assertThat(firstLife).hasSize(1).first().isInstanceOf(SubmissionResult.Submitted.class);
        assertThat(cluster.state("default", "crash")).isNull();
        assertThat(cluster.drivers("default", "crash")).hasSize(1);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        operator(OperatorConfig.defaults("second"), launcher(), registry);
        SparkApplication app = cluster.await("default", "crash", ApplicationStateType.SUBMITTED, WAIT);
        assertThat(cluster.drivers("default", "crash")).hasSize(1);
        assertThat(app.getStatus().getSubmissionID())
                .isEqualTo(((SubmissionResult.Submitted) firstLife.get(0)).submissionId());
        assertThat(registry.get("sparkgate.operator.submissions").tag("outcome", "adopted").counter().count())
                .isEqualTo(1.0);
        assertThatThrownBy(() -> registry.get("sparkgate.operator.submissions").tag("outcome", "submitted").counter())
                .isInstanceOf(io.micrometer.core.instrument.search.MeterNotFoundException.class);
    }

    @Test
    void exactlyOneOfTwoReplicasActsAndTheOtherTakesOver() {
        OperatorConfig base = OperatorConfig.defaults("x").withLeaderElection("default", "sparkgate-operator",
                Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200));
        SimpleMeterRegistry ra = new SimpleMeterRegistry();
        SimpleMeterRegistry rb = new SimpleMeterRegistry();
        Operator a = operator(new OperatorConfig(null, 4, true, "default", "sparkgate-operator", "a",
                base.leaseDuration(), base.renewDeadline(), base.retryPeriod(), base.driverGracePeriod(),
                base.resyncPeriod(), null, base.informerCheckPeriod()), launcher(), ra);
        Operator b = operator(new OperatorConfig(null, 4, true, "default", "sparkgate-operator", "b",
                base.leaseDuration(), base.renewDeadline(), base.retryPeriod(), base.driverGracePeriod(),
                base.resyncPeriod(), null, base.informerCheckPeriod()), launcher(), rb);
        long end = System.nanoTime() + WAIT.toNanos();
        while (!a.isLeader() && !b.isLeader() && System.nanoTime() < end) {
            MockCluster.sleep(20);
        }
        MockCluster.sleep(1000);
        assertThat(a.isLeader() ^ b.isLeader()).as("exactly one leader").isTrue();
        Operator leader = a.isLeader() ? a : b;
        Operator follower = leader == a ? b : a;
        MeterRegistry followerMetrics = leader == a ? rb : ra;
        cluster.create("default", Apps.sparkPi("one"));
        cluster.await("default", "one", ApplicationStateType.SUBMITTED, WAIT);
        assertThat(followerMetrics.find("sparkgate.operator.submissions").counters()).isEmpty();

        leader.stop();
        end = System.nanoTime() + WAIT.toNanos();
        while (!follower.isLeader() && System.nanoTime() < end) {
            MockCluster.sleep(50);
        }
        assertThat(follower.isLeader()).as("the follower took over").isTrue();
        cluster.create("default", Apps.sparkPi("two"));
        cluster.await("default", "two", ApplicationStateType.SUBMITTED, WAIT);
        assertThat(followerMetrics.get("sparkgate.operator.submissions").tag("outcome", "submitted").counter()
                .count()).isEqualTo(1.0);
        assertThat(cluster.drivers("default", "one")).hasSize(1);
    }
}
