package io.sparkgate.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.mutators.PatchDiff;
import io.sparkgate.testing.apiserver.AdmissionListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows a newcomer what admission did to a pod: the JSON Patch between the pod as its creator sent it and as the
 * API server stored it (computed with the webhook's own diff, so it reads as the webhook's answer), then a summary of
 * the stored pod. Env values
 * are never printed, only their names: they may hold secrets.
 */
final class PodReport {
    private static final int MAX_VALUE = 110;

    private PodReport() {
    }

    /** The RFC 6902 patch from the submitted to the admitted object. */
    static JsonNode patch(AdmissionListener.Decision decision) {
        return PatchDiff.diff(decision.submitted(), decision.admitted());
    }

    /** Prints the patch, one operation a line, and the stored pod's summary. */
    static void print(PrintWriter out, AdmissionListener.Decision decision, String indent) {
        JsonNode patch = patch(decision);
        out.printf("%swhat admission changed, as a JSON Patch (%d operations):%n", indent, patch.size());
        for (JsonNode op : patch) {
            JsonNode value = op.path("value");
            String detail = op.has("from") ? "  from " + op.path("from").asText()
                    : value.isMissingNode() ? "" : "  " + shorten(value.toString());
            out.printf("%s  %-7s %s%s%n", indent, op.path("op").asText(), op.path("path").asText(), detail);
        }
        decision.warnings().forEach(w -> out.printf("%s  warning: %s%n", indent, w));
        out.printf("%sstored pod:%n", indent);
        summary(decision.admitted()).forEach(line -> out.printf("%s  %s%n", indent, line));
    }

    /** The fields users and admins set most, one line each, for the stored pod. */
    static List<String> summary(JsonNode pod) {
        List<String> lines = new ArrayList<>();
        JsonNode meta = pod.path("metadata");
        JsonNode spec = pod.path("spec");
        lines.add("labels: " + pairs(meta.path("labels")));
        if (meta.has("annotations")) {
            lines.add("annotations: " + pairs(meta.path("annotations")));
        }
        List<String> owners = new ArrayList<>();
        meta.path("ownerReferences").forEach(o -> owners.add(o.path("kind").asText() + "/" + o.path("name").asText()));
        lines.add("ownerReferences: " + (owners.isEmpty() ? "none" : String.join(", ", owners)));
        optional(lines, "serviceAccountName", spec.path("serviceAccountName").asText(""));
        optional(lines, "priorityClassName", spec.path("priorityClassName").asText(""));
        if (spec.has("nodeSelector")) {
            lines.add("nodeSelector: " + pairs(spec.path("nodeSelector")));
        }
        List<String> tolerations = new ArrayList<>();
        spec.path("tolerations").forEach(t -> tolerations.add(t.path("key").asText() + "="
                + t.path("value").asText() + ":" + t.path("effect").asText()));
        optional(lines, "tolerations", String.join(", ", tolerations));
        List<String> volumes = new ArrayList<>();
        spec.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
        optional(lines, "volumes", String.join(", ", volumes));
        for (JsonNode c : spec.path("containers")) {
            List<String> mounts = new ArrayList<>();
            c.path("volumeMounts").forEach(m -> mounts.add(m.path("name").asText() + "->" + m.path("mountPath").asText()));
            List<String> env = new ArrayList<>();
            c.path("env").forEach(e -> env.add(e.path("name").asText()));
            JsonNode resources = c.path("resources");
            lines.add("container " + c.path("name").asText() + ": image " + c.path("image").asText()
                    + ", requests " + compact(resources.path("requests")) + ", limits "
                    + compact(resources.path("limits")));
            optional(lines, "  volumeMounts", String.join(", ", mounts));
            optional(lines, "  env (names only)", shorten(String.join(", ", env)));
        }
        return lines;
    }

    private static void optional(List<String> lines, String what, String value) {
        if (!value.isEmpty()) {
            lines.add(what + ": " + value);
        }
    }

    private static String pairs(JsonNode map) {
        List<String> pairs = new ArrayList<>();
        map.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        return pairs.isEmpty() ? "none" : String.join(", ", pairs);
    }

    private static String compact(JsonNode map) {
        return map.isMissingNode() || map.isEmpty() ? "none" : pairs(map);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 1) + "...";
    }
}
