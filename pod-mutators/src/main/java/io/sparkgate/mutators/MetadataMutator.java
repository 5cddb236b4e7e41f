package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The role's {@code labels} and {@code annotations} on the pod. Keys and label values the API server would reject
 * are skipped with a warning; Spark's own labels ({@link PodEdits#PROTECTED_LABELS}) keep the pod's value.
 */
public final class MetadataMutator extends AppMutator {

    @Override
    public String name() {
        return "labels-annotations";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        PodEdits.putLabels(context, pod, valid(context, role.labels(), roleField + ".labels", true), roleField + ".labels");
        PodEdits.putAnnotations(context, pod, valid(context, role.annotations(), roleField + ".annotations", false),
                roleField + ".annotations");
    }

    private static Map<String, String> valid(MutationContext context, Map<String, String> entries, String field,
                                             boolean labels) {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            if (!DnsNames.isQualifiedName(k)) {
                context.warn(field + ": \"" + k + "\" is not a valid key (a name of at most 63 characters with an"
                        + " optional DNS prefix and '/'): skipped");
            } else if (v == null || (labels && !DnsNames.isLabelValue(v))) {
                context.warn(field + "." + k + ": not a valid " + (labels ? "label" : "annotation")
                        + " value (at most 63 alphanumerics, '-', '_' or '.'): skipped");
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
