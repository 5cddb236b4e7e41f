package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.sparkgate.api.spark.MemoryLimit;
import io.sparkgate.api.spark.Quantities;
import io.sparkgate.api.v1beta2.GpuSpec;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resource limits Spark does not set: the GPU limit from {@code gpu {name, quantity}} and the memory limit from
 * {@code memoryLimit} read as kubeflow reads it ({@link MemoryLimit}: {@code 512m} → {@code 512Mi}, {@code 10Gi} as
 * written). Values the API server would reject (a bad
 * resource name, a non-positive count, a malformed size, a limit under the request) are skipped with a warning.
 */
public final class ResourcesMutator extends AppMutator {

    @Override
    public String name() {
        return "resources";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        if (role.gpu() == null && role.memoryLimit() == null) {
            return;
        }
        Optional<Container> found = sparkContainer(context, pod, roleField + ".resources");
        if (found.isEmpty()) {
            return;
        }
        Container c = found.get();
        if (role.gpu() != null) {
            gpu(context, c, role.gpu(), roleField + ".gpu");
        }
        if (role.memoryLimit() != null) {
            memoryLimit(context, c, role.memoryLimit(), roleField + ".memoryLimit");
        }
    }

    private static void gpu(MutationContext context, Container c, GpuSpec gpu, String field) {
        if (gpu.name() == null || !DnsNames.isQualifiedName(gpu.name()) || !gpu.name().contains("/")) {
            context.warn(field + ".name: \"" + gpu.name()
                    + "\" is not an extended resource name such as nvidia.com/gpu: no GPU limit set");
            return;
        }
        if (gpu.quantity() == null || gpu.quantity() <= 0) {
            context.warn(field + ".quantity: must be a positive whole number: no GPU limit set");
            return;
        }
        Quantity q = new Quantity(Long.toString(gpu.quantity()));
        ResourceRequirements res = resources(c);
        res.setLimits(put(context, res.getLimits(), gpu.name(), q, field));
        // An extended resource's request, when given, must equal its limit.
        if (res.getRequests() != null && res.getRequests().containsKey(gpu.name())) {
            res.setRequests(put(context, res.getRequests(), gpu.name(), q, field));
        }
    }

    private static void memoryLimit(MutationContext context, Container c, String memoryLimit, String field) {
        String quantity;
        try {
            quantity = MemoryLimit.toQuantity(memoryLimit, field);
        } catch (IllegalArgumentException e) {
            context.warn(e.getMessage() + ": no memory limit set");
            return;
        }
        Quantity limit = new Quantity(quantity);
        ResourceRequirements res = resources(c);
        Quantity request = res.getRequests() == null ? null : res.getRequests().get("memory");
        BigDecimal requested = bytes(request);
        if (requested != null && requested.compareTo(bytes(limit)) > 0) {
            context.warn(field + ": " + quantity + " is below the pod's memory request " + request
                    + ", which the API server refuses: no memory limit set");
            return;
        }
        res.setLimits(put(context, res.getLimits(), "memory", limit, field));
    }

    /**
     * The quantity's exact amount, or {@code null} when there is none or it is not one {@link Quantities} reads
     * (a pod's own value is the API server's to refuse; comparing it must not cost more than reading it).
     */
    private static BigDecimal bytes(Quantity q) {
        String text = Quantities.text(q);
        if (text == null) {
            return null;
        }
        try {
            return Quantities.parse(text, "quantity", "a Kubernetes quantity");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, Quantity> put(MutationContext context, Map<String, Quantity> current, String key,
                                             Quantity value, String field) {
        Map<String, Quantity> out = current == null ? new LinkedHashMap<>() : current;
        Quantity old = out.get(key);
        BigDecimal had = bytes(old);
        if (had != null && had.compareTo(bytes(value)) == 0) {
            return out;
        }
        if (old != null) {
            context.warn(field + ": replaces the pod's " + key + " " + old);
        }
        out.put(key, value);
        return out;
    }

    private static ResourceRequirements resources(Container c) {
        if (c.getResources() == null) {
            c.setResources(new ResourceRequirements());
        }
        return c.getResources();
    }
}
