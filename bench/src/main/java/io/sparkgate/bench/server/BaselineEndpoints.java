package io.sparkgate.bench.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgate.mutators.PatchDiff;
import io.sparkgate.webhook.admission.AdmissionHandler;
import io.sparkgate.webhook.admission.AdmissionOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Two admission endpoints that split the cost of {@code /mutate/pods} between the trivial endpoint
 * ({@code /bench/noop}: TLS, HTTP, body read, a fixed answer) and the real mutation. Both run the server's whole
 * admission path — the AdmissionReview parsed into a tree, the handler, metrics, the answer encoded with the
 * request's uid — and differ only in the decision:
 * <ul>
 *   <li>{@code /bench/parse} allows every request unchanged: what any endpoint that reads the review costs;</li>
 *   <li>{@code /bench/tree} makes the same four edits as {@code /mutate/pods} on the bench review (ownerReference,
 *       two labels, a toleration) directly on a copy of the JSON tree and diffs it: the least a tree-based
 *       mutation could cost, with no app lookup, no typed model and no policy.</li>
 * </ul>
 * The production command never serves them.
 */
final class BaselineEndpoints {
    static final String PARSE = "/bench/parse";
    static final String TREE = "/bench/tree";

    private BaselineEndpoints() {
    }

    /** The server's handlers plus the two baselines. */
    static Map<String, AdmissionHandler> with(Map<String, AdmissionHandler> handlers) {
        Map<String, AdmissionHandler> all = new LinkedHashMap<>(handlers);
        all.put(PARSE, call -> CompletableFuture.completedFuture(new AdmissionOutcome.Allowed(List.of())));
        all.put(TREE, call -> {
            ObjectNode pod = (ObjectNode) call.object().deepCopy();
            ObjectNode metadata = pod.withObjectProperty("metadata");
            metadata.withArrayProperty("ownerReferences").addObject()
                    .put("apiVersion", "sparkoperator.k8s.io/v1beta2").put("kind", "SparkApplication")
                    .put("name", "spark-pi").put("uid", "00000000-0000-0000-0000-000000000000")
                    .put("controller", true).put("blockOwnerDeletion", true);
            metadata.withObjectProperty("labels").put("version", "4.1.1").put("cost-center", "dev");
            pod.withObjectProperty("spec").withArrayProperty("tolerations").addObject()
                    .put("key", "dedicated").put("operator", "Equal").put("value", "spark").put("effect", "NoSchedule");
            return CompletableFuture.completedFuture(
                    new AdmissionOutcome.Patched(PatchDiff.diff(call.object(), pod), List.of()));
        });
        return all;
    }
}
