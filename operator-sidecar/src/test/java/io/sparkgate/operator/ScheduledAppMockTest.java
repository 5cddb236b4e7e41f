package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.ApplicationState;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.ScheduleState;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ScheduledSparkApplication runs on the CRUD mock with a hand-moved clock. */
class ScheduledAppMockTest {
    /** The mock stamps creationTimestamp with the real time, so the test clock starts there. */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private final MockCluster cluster = new MockCluster();
    private final MutableClock clock = new MutableClock(T0);
    private final EventRecorder events = new EventRecorder(cluster.client, clock, new Random(1));
    private final ScheduledAppReconciler reconciler = new ScheduledAppReconciler(cluster.client,
            key -> cluster.client.resources(ScheduledSparkApplication.class).inNamespace(key.split("/")[0])
                    .withName(key.split("/")[1]).get(),
            () -> cluster.client.resources(SparkApplication.class).inAnyNamespace().list().getItems(), events, clock);

    @AfterEach
    void tearDown() {
        events.close();
        cluster.close();
    }

    private void create(String policy, String extra) {
        String yaml = """
                apiVersion: sparkoperator.k8s.io/v1beta2
                kind: ScheduledSparkApplication
                metadata:
                  name: nightly
                  namespace: default
                spec:
                  schedule: "@every 5m"
                  concurrencyPolicy: "%s"
                %s
                  template:
                    type: Scala
                    mode: cluster
                    image: spark:4.1.1
                    mainClass: org.apache.spark.examples.SparkPi
                    mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
                    sparkVersion: 4.1.1
                    driver: {cores: 1, memory: 512m}
                    executor: {instances: 1, cores: 1, memory: 512m}
                """.formatted(policy, extra.indent(2).stripTrailing());
        ScheduledSparkApplication app = Json.read(yaml, ScheduledSparkApplication.class);
        cluster.client.resources(ScheduledSparkApplication.class).inNamespace("default").resource(app).create();
    }

    private ScheduledSparkApplication scheduled() {
        return cluster.client.resources(ScheduledSparkApplication.class).inNamespace("default").withName("nightly")
                .get();
    }

    private List<SparkApplication> runs() {
        return cluster.client.resources(SparkApplication.class).inNamespace("default")
                .withLabel(ScheduledAppReconciler.SCHEDULED_APP_LABEL, "nightly").list().getItems();
    }

    private List<Event> skippedEvents() {
        return cluster.client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "ScheduledSparkApplicationRunSkipped".equals(e.getReason())).toList();
    }

    private void finish(SparkApplication run, ApplicationStateType state) {
        SparkApplicationStatus status = new SparkApplicationStatus();
        status.setApplicationState(ApplicationState.of(state));
        run.setStatus(status);
        cluster.client.resources(SparkApplication.class).inNamespace("default").resource(run).updateStatus();
    }

    /** Reconciles at the clock's time, as the work queue would when the returned delay passes. */
    private Duration tick() {
        return reconciler.reconcile("default/nightly");
    }

    @Test
    void runsOnScheduleWithOwnerAndLabelAndKeepsHistory() {
        create("", "successfulRunHistoryLimit: 1");
        Instant created = Instant.parse(scheduled().getMetadata().getCreationTimestamp());
        clock.set(created.plus(Duration.ofMinutes(12)));
        Duration next = tick();
        List<SparkApplication> runs = runs();
        assertThat(runs).hasSize(1);
        SparkApplication run = runs.get(0);
        assertThat(run.getMetadata().getName()).matches("nightly-\\d{10}");
        assertThat(run.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getKind()).isEqualTo("ScheduledSparkApplication"));
        assertThat(run.getSpec().mainClass()).isEqualTo("org.apache.spark.examples.SparkPi");
        ScheduledSparkApplication s = scheduled();
        assertThat(s.getStatus().scheduleState()).isEqualTo(ScheduleState.SCHEDULED);
        assertThat(s.getStatus().lastRunName()).isEqualTo(run.getMetadata().getName());
        // Ticks at +5 and +10 minutes were missed: one run starts, named after the latest; the next is at +15.
        assertThat(run.getMetadata().getName()).isEqualTo("nightly-" + created.plus(Duration.ofMinutes(10))
                .getEpochSecond());
        assertThat(Instant.parse(s.getStatus().nextRun())).isEqualTo(created.plus(Duration.ofMinutes(15)));
        assertThat(next).isEqualTo(Duration.ofMinutes(3));
        // The same tick reconciled again (e.g. after a restart) creates nothing new.
        tick();
        assertThat(runs()).hasSize(1);

        finish(run, ApplicationStateType.COMPLETED);
        clock.advance(Duration.ofMinutes(5));
        tick();
        List<SparkApplication> two = runs();
        assertThat(two).hasSize(2);
        finish(two.stream().filter(r -> r.getStatus() == null).findFirst().orElseThrow(),
                ApplicationStateType.COMPLETED);
        clock.advance(Duration.ofMinutes(5));
        tick();
        // Three runs so far, two completed, limit 1: the oldest completed run was deleted.
        assertThat(runs()).extracting(r -> r.getMetadata().getName()).doesNotContain(run.getMetadata().getName());
        assertThat(scheduled().getStatus().pastSuccessfulRunNames()).hasSize(1);
    }

    @Test
    void forbidSkipsWhileARunIsActiveAndReplaceReplacesIt() throws InterruptedException {
        create("Forbid", "");
        clock.set(T0.plus(Duration.ofMinutes(6)));
        tick();
        assertThat(runs()).hasSize(1);
        clock.advance(Duration.ofMinutes(5));
        tick();
        assertThat(runs()).as("Forbid: the first run is still active").hasSize(1);
        tick(); // the same skipped tick met again (any event on the app reconciles it): no second Event
        tick();
        assertThat(events.drain(5_000)).isTrue();
        assertThat(skippedEvents()).as("one Event per skipped tick").hasSize(1);
        clock.advance(Duration.ofMinutes(5));
        tick();
        assertThat(events.drain(5_000)).isTrue();
        assertThat(skippedEvents()).as("the next tick skipped is a new Event").hasSize(2);

        ScheduledSparkApplication s = scheduled();
        ScheduledSparkApplication replace = Json.read(Json.write(s).replace("\"Forbid\"", "\"Replace\""),
                ScheduledSparkApplication.class);
        cluster.client.resources(ScheduledSparkApplication.class).inNamespace("default").resource(replace).update();
        String first = runs().get(0).getMetadata().getName();
        clock.advance(Duration.ofMinutes(5));
        tick();
        assertThat(runs()).extracting(r -> r.getMetadata().getName()).hasSize(1).doesNotContain(first);
    }

    @Test
    void suspendedSchedulesStartNothingAndBadSchedulesAreReported() {
        create("Allow", "suspend: true");
        clock.set(T0.plus(Duration.ofHours(1)));
        assertThat(tick()).isNull();
        assertThat(runs()).isEmpty();

        ScheduledSparkApplication bad = Json.read(Json.write(scheduled()).replace("@every 5m", "every day"),
                ScheduledSparkApplication.class);
        cluster.client.resources(ScheduledSparkApplication.class).inNamespace("default").resource(bad).update();
        tick();
        assertThat(scheduled().getStatus().scheduleState()).isEqualTo(ScheduleState.FAILED_VALIDATION);
        assertThat(scheduled().getStatus().reason()).startsWith("spec.schedule:");
    }
}
