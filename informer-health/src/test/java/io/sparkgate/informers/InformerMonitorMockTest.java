package io.sparkgate.informers;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkgate.testing.apiserver.ApiEmulation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Outages of the API emulation as the monitor reports them: once when they begin, once when they end. */
class InformerMonitorMockTest {
    private static final Duration PERIOD = Duration.ofMillis(100);

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ApiEmulation api;
    private KubernetesClient client;
    private SharedIndexInformer<ConfigMap> informer;
    private InformerMonitor monitor;

    @BeforeEach
    void start() throws Exception {
        ((Logger) LoggerFactory.getLogger(InformerMonitor.class)).addAppender(logs);
        logs.start();
        api = ApiEmulation.builder().bookmarkInterval(Duration.ofMillis(200)).start();
        client = api.newClient(c -> c.withWatchReconnectInterval(50).withRequestTimeout(1_000)
                .withRequestRetryBackoffLimit(3).withRequestRetryBackoffInterval(50));
        client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName("a")
                .endMetadata().build()).create();
        informer = client.configMaps().inNamespace("team-a").runnableInformer(0);
        monitor = new InformerMonitor(client, Clock.systemUTC(), PERIOD).register(registry);
        monitor.follow("configmaps", informer, () -> false);
        monitor.start();
        informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(InformerMonitor.class)).detachAppender(logs);
        monitor.close();
        informer.close();
        api.close();
    }

    @Test
    void anApiServerDownForAWhileGivesOneWarningWithTheErrorAndOneInfoWithTheDuration() throws Exception {
        await(() -> staleness() < 0.5);

        api.stop();
        Thread.sleep(1_500); // fabric8 retries the watch many times meanwhile
        double stale = staleness();
        api.startAgain();
        await(() -> lines(Level.INFO).size() == 1);

        assertThat(lines(Level.WARN)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("informer configmaps: lost the API server (").contains("while it retries"));
        assertThat(lines(Level.INFO)).singleElement().satisfies(line -> assertThat(line)
                .startsWith("informer configmaps: watching again after ").contains(" s without the API server"));
        double outage = Double.parseDouble(lines(Level.INFO).get(0).replaceAll(".* after ([0-9.]+) s .*", "$1"));
        assertThat(outage).isBetween(1.0, 10.0);
        assertThat(stale).as("the gauge grew while the API server was away").isGreaterThan(1.0);
        await(() -> staleness() < 0.5);
    }

    @Test
    void aHungApiServerIsAnOutageThoughItsWatchStaysOpen() throws Exception {
        api.hang();
        await(() -> lines(Level.WARN).size() == 1);
        Thread.sleep(500);
        api.resume();
        await(() -> lines(Level.INFO).size() == 1);

        assertThat(lines(Level.WARN)).singleElement().satisfies(line -> assertThat(line).contains("no answer from"));
        assertThat(registry.get(InformerMonitor.GAUGE).tag("informer", "configmaps").gauge()).isNotNull();
    }

    @Test
    void aQuietButHealthyInformerStaysCurrentAndAForgottenOneHasNoValue() throws Exception {
        Thread.sleep(1_000);

        assertThat(staleness()).as("no events, but watching a server that answers").isLessThan(0.5);
        assertThat(lines(Level.WARN)).isEmpty();
        monitor.forget("configmaps");
        assertThat(staleness()).isNaN();
    }

    private double staleness() {
        return registry.get(InformerMonitor.GAUGE).tag("informer", "configmaps").gauge().value();
    }

    private List<String> lines(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
