package io.sparkgate.kubelet;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link LocalKubelet} runs pods.
 *
 * @param rootDir         where each pod gets its directory ({@code <namespace>/<pod>/}) and logs
 * @param image           the Spark image's files on this machine
 * @param apiServer       the URL of the API server as the pods' Spark client reaches it
 * @param hostPathSandbox the only directory hostPath volumes may point into; null refuses hostPath
 * @param clock           for the timestamps of pod status and Events
 * @param waitForObjects  how long a pod waits for a ConfigMap, Secret or claim it needs before it is Failed
 */
public record KubeletOptions(Path rootDir, SparkImage image, String apiServer, Path hostPathSandbox, Clock clock,
                             Duration waitForObjects) {

    /** Options with no hostPath sandbox, the system clock, and a minute's wait for missing objects. */
    public static KubeletOptions of(Path rootDir, SparkImage image, String apiServer) {
        return new KubeletOptions(rootDir, image, apiServer, null, Clock.systemUTC(), Duration.ofMinutes(1));
    }

    /** A copy that mounts hostPath volumes under {@code sandbox}. */
    public KubeletOptions withHostPathSandbox(Path sandbox) {
        return new KubeletOptions(rootDir, image, apiServer, sandbox, clock, waitForObjects);
    }

    /** A copy that waits {@code wait} for missing objects a pod needs. */
    public KubeletOptions withWaitForObjects(Duration wait) {
        return new KubeletOptions(rootDir, image, apiServer, hostPathSandbox, clock, wait);
    }
}
