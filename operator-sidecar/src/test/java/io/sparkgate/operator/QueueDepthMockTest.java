package io.sparkgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 2,000 apps (override with {@code -Dsparkgate.queue.apps=N}) created at once on the CRUD mock while the
 * {@code queue_depth} gauge is sampled against the true backlog (apps the API server still holds as NEW): it never
 * exceeds it by more than the workers in flight, it reaches 0 once every app is SUBMITTED, and each app has exactly
 * one driver pod (issue 20: the gauge read 9,991 while the queue drained, counting echoes of the operator's writes).
 */
class QueueDepthMockTest {
    private static final int APPS = Integer.getInteger("sparkgate.queue.apps", 2000);
    private static final int WORKERS = 10;

    @Test
    void queueDepthNeverOverstatesTheBacklog() throws Exception {
        try (MockCluster cluster = new MockCluster()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Operator operator = new Operator(cluster.client, OperatorConfig.defaults("depth").withWorkers(WORKERS),
                    new DriverOnlySubmitter(cluster.client), AppValidator.builtInRules(), registry,
                    Clock.systemUTC(), new Random(5));
            operator.start();
            var gauge = registry.get("sparkgate.operator.queue.depth").tag("kind", "all").gauge();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> creates = new ArrayList<>();
            try {
                for (int i = 0; i < APPS; i++) {
                    String name = "app-" + i;
                    String ns = "ns" + (i % 10);
                    creates.add(pool.submit(() -> {
                        started.incrementAndGet();
                        cluster.create(ns, Apps.sparkPi(name));
                        finished.incrementAndGet();
                    }));
                }
                int samples = 0;
                double maxSeen = 0;
                long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (true) {
                    int finishedBefore = finished.get();
                    List<SparkApplication> apps = cluster.client.resources(SparkApplication.class).inAnyNamespace()
                            .list().getItems();
                    long backlog = apps.stream().filter(a -> a.getStatus() == null
                            || a.getStatus().state() == ApplicationStateType.NEW).count();
                    double depth = gauge.value();
                    // Apps created after the list was taken are backlog the list could not see.
                    long unseen = started.get() - finishedBefore;
                    assertThat(depth).as("queue_depth against %d NEW apps (+%d not listed), sample %d", backlog,
                            unseen, samples).isLessThanOrEqualTo(backlog + unseen + WORKERS);
                    maxSeen = Math.max(maxSeen, depth);
                    samples++;
                    if (apps.size() == APPS && backlog == 0) {
                        break;
                    }
                    assertThat(System.nanoTime()).as("all %d apps SUBMITTED within 180 s", APPS).isLessThan(end);
                    MockCluster.sleep(50);
                }
                for (Future<?> f : creates) {
                    f.get();
                }
                long drained = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (gauge.value() > 0 && System.nanoTime() < drained) {
                    MockCluster.sleep(50);
                }
                assertThat(gauge.value()).as("queue_depth once every app is SUBMITTED").isZero();
                assertThat(maxSeen).as("the gauge saw the backlog at all (%d samples)", samples).isPositive();
                List<Pod> drivers = cluster.client.pods().inAnyNamespace()
                        .withLabel(SparkLabels.SPARK_ROLE, "driver").list().getItems();
                Map<String, Long> perApp = drivers.stream().collect(Collectors.groupingBy(p -> p.getMetadata()
                        .getNamespace() + "/" + p.getMetadata().getLabels().get(SparkLabels.APP_NAME),
                        Collectors.counting()));
                assertThat(perApp).as("apps with a driver").hasSize(APPS);
                assertThat(perApp.values()).as("drivers per app").containsOnly(1L);
                System.out.printf("queue depth: %d apps, %d samples, max queue_depth %.0f%n", APPS, samples,
                        maxSeen);
            } finally {
                pool.shutdownNow();
                operator.stop();
            }
        }
    }
}
