package io.sparkgate.policy.quota;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkgate.api.SparkLabels;
import java.util.List;
import java.util.Map;

/**
 * What a live pod counts against quotas, as the scheduler and ResourceQuota count it: the sum over containers of
 * requests (the limit where a request is missing), or the largest init container's if that is more.
 */
public final class PodResources {
    private PodResources() {
    }

    /**
     * The pod's resources; an executor pod counts one executor, a driver pod none. A pod without containers
     * counts nothing.
     *
     * @throws IllegalArgumentException naming the container and field when a quantity cannot be read
     */
    public static Resources of(Pod pod) {
        if (pod.getSpec() == null) {
            return Resources.ZERO;
        }
        long[] containers = sum(pod.getSpec().getContainers(), "spec.containers");
        long[] init = max(pod.getSpec().getInitContainers(), "spec.initContainers");
        boolean executor = "executor".equals(label(pod, SparkLabels.SPARK_ROLE));
        return new Resources(Math.max(containers[0], init[0]), Math.max(containers[1], init[1]),
                Math.max(containers[2], init[2]), Math.max(containers[3], init[3]), executor ? 1 : 0, 0);
    }

    /**
     * The resources of a pod the API server stored: as {@link #of}, but an unreadable quantity (which the API server
     * would have refused) counts zero instead of throwing.
     */
    public static Resources ofStored(Pod pod) {
        try {
            return of(pod);
        } catch (IllegalArgumentException e) {
            return Resources.ZERO;
        }
    }

    /** Whether the pod has finished (its resources are free again). */
    public static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** A label of the pod, or null. */
    public static String label(Pod pod, String key) {
        Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static long[] sum(List<Container> containers, String field) {
        long[] total = new long[4];
        for (int i = 0; containers != null && i < containers.size(); i++) {
            long[] c = container(containers.get(i), field + "[" + i + "]");
            for (int k = 0; k < 4; k++) {
                long s = total[k] + c[k];
                total[k] = s < 0 ? Long.MAX_VALUE : s; // both are non-negative: a negative sum overflowed
            }
        }
        return total;
    }

    private static long[] max(List<Container> containers, String field) {
        long[] max = new long[4];
        for (int i = 0; containers != null && i < containers.size(); i++) {
            long[] c = container(containers.get(i), field + "[" + i + "]");
            for (int k = 0; k < 4; k++) {
                max[k] = Math.max(max[k], c[k]);
            }
        }
        return max;
    }

    private static long[] container(Container c, String field) {
        if (c == null) {
            throw new IllegalArgumentException(field + ": a list entry must not be null");
        }
        Map<String, Quantity> requests = c.getResources() == null ? Map.of() : orEmpty(c.getResources().getRequests());
        Map<String, Quantity> limits = c.getResources() == null ? Map.of() : orEmpty(c.getResources().getLimits());
        String f = field + ".resources";
        long cpuLimit = limits.containsKey("cpu") ? Amounts.cpuMillis(limits.get("cpu"), f + ".limits.cpu") : -1;
        long memLimit = limits.containsKey("memory") ? Amounts.memoryMiB(limits.get("memory"), f + ".limits.memory")
                : -1;
        // Kubernetes defaults a missing request to the limit.
        long cpu = requests.containsKey("cpu") ? Amounts.cpuMillis(requests.get("cpu"), f + ".requests.cpu")
                : Math.max(cpuLimit, 0);
        long mem = requests.containsKey("memory") ? Amounts.memoryMiB(requests.get("memory"), f + ".requests.memory")
                : Math.max(memLimit, 0);
        return new long[] {cpu, mem, cpuLimit < 0 ? cpu : cpuLimit, memLimit < 0 ? mem : memLimit};
    }

    private static Map<String, Quantity> orEmpty(Map<String, Quantity> m) {
        return m == null ? Map.of() : m;
    }
}
