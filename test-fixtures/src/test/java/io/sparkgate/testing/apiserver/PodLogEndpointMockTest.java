package io.sparkgate.testing.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pods/log through the emulation's hook, read with fabric8's own log calls as {@code sparkgate log} makes them. */
class PodLogEndpointMockTest {
    @TempDir
    Path dir;

    @Test
    void servesTheWholeLogTheTailAndOnlyTheContainerAskedFor() throws Exception {
        Path file = Files.writeString(dir.resolve("driver.log"), "one\ntwo\nthree\n");
        try (ApiEmulation api = ApiEmulation.start()) {
            api.podLogs((ns, pod, container) -> "default".equals(ns) && "p".equals(pod)
                    && (container == null || "spark".equals(container))
                    ? Optional.of(new PodLogSource.ContainerLog(file, () -> false)) : Optional.empty());
            var pods = api.client().pods().inNamespace("default");
            assertThat(pods.withName("p").getLog()).isEqualTo("one\ntwo\nthree\n");
            assertThat(pods.withName("p").inContainer("spark").tailingLines(2).getLog()).isEqualTo("two\nthree\n");
            assertThatThrownBy(() -> pods.withName("p").inContainer("sidecar").getLog())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                            .as("the pod is not stored").isEqualTo(404));
            pods.resource(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
                    .addNewContainer().withName("spark").withImage("spark:4.1.1").endContainer().endSpec().build())
                    .create();
            assertThatThrownBy(() -> pods.withName("p").inContainer("sidecar").getLog())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                            .as("stored, not started: what `sparkgate log` reports as no log yet").isEqualTo(400))
                    .hasMessageContaining("no log of container \"sidecar\" of pod \"p\": it is waiting to start");
        }
    }

    @Test
    void followStreamsWhatIsAppendedAndEndsWhenTheContainerStops() throws Exception {
        Path file = Files.writeString(dir.resolve("driver.log"), "started\n");
        AtomicBoolean running = new AtomicBoolean(true);
        try (ApiEmulation api = ApiEmulation.start()) {
            api.podLogs((ns, pod, container) -> Optional.of(new PodLogSource.ContainerLog(file, running::get)));
            try (LogWatch watch = api.client().pods().inNamespace("default").withName("p").watchLog()) {
                CompletableFuture<String> all = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(watch.getOutput().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                Thread.sleep(300);
                Files.writeString(file, "Pi is roughly 3.14\n", StandardOpenOption.APPEND);
                Thread.sleep(500);
                assertThat(all).isNotDone();
                running.set(false);
                // The stream ends by itself once the container stopped and everything was sent.
                assertThat(all.get(10, TimeUnit.SECONDS)).isEqualTo("started\nPi is roughly 3.14\n");
            }
        }
    }
}
