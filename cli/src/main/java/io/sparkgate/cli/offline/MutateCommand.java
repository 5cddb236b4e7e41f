package io.sparkgate.cli.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import io.sparkgate.mutators.MutationContext;
import io.sparkgate.mutators.MutationResult;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.AdmissionInput;
import io.sparkgate.policy.ObjectReading;
import io.sparkgate.policy.Operation;
import io.sparkgate.policy.PodMutationPipeline;
import io.sparkgate.policy.PolicyEngine;
import io.sparkgate.policy.quota.ClusterSnapshot;
import io.sparkgate.policy.quota.ReservationLedger;
import io.sparkgate.policy.tenant.PolicyIndex;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import io.sparkgate.cli.app.CliFailure;
import io.sparkgate.cli.app.UnknownFields;
import picocli.CommandLine.Option;

/**
 * {@code sparkgate mutate}: runs the webhook's full pod mutation (the app's mutators, then admin defaults) on a
 * pod offline and prints the decision, the JSON Patch and the mutated pod; exits 1 on a denial, 2 on bad input.
 */
@Command(name = "mutate", mixinStandardHelpOptions = true,
        description = "Mutate a Spark driver or executor pod offline as the webhook would: print the decision, the "
                + "JSON Patch and the mutated pod. Exit code: 0 allowed, 1 denied, 2 bad input (a file that does not "
                + "read, an invalid app or pod; with --strict, an app field its schema does not declare).")
public final class MutateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--app", description = "the pod's SparkApplication (omit for pods of plain spark-submit)")
    Path app;

    @Option(names = "--pod", required = true, description = "the driver or executor pod (label spark-role)")
    Path pod;

    @Option(names = "--policy", description = "SparkPolicy file (YAML or JSON, several documents allowed); repeatable")
    List<Path> policies = List.of();

    @Option(names = {"-n", "--namespace"}, description = "the admission namespace (default: the app's, else the pod's, "
            + "else default)")
    String namespace;

    @Option(names = "--strict", description = "Refuse an app with a field its schema does not declare (exit 2) "
            + "instead of warning.")
    boolean strict;

    @Option(names = "--namespace-label", description = "a label of the namespace, key=value; repeatable")
    Map<String, String> namespaceLabels = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            JsonNode podJson = OfflineFiles.single(pod);
            SparkRole role = SparkRole.fromLabel(podJson.path("metadata").path("labels")
                    .path(SparkLabels.SPARK_ROLE).asText()).orElseThrow(() -> new IllegalArgumentException(pod
                    + ": metadata.labels.spark-role must be driver or executor"));
            JsonNode appJson = app == null ? null : OfflineFiles.single(app);
            List<String> typos = new java.util.ArrayList<>();
            if (appJson != null) {
                if (strict) {
                    UnknownFields.check(appJson, app.toString(), true, spec.commandLine().getErr());
                }
                UnknownFields.of(appJson).forEach(u -> typos.add(u.warning()));
            }
            SparkApplication sparkApp = appJson == null ? null : readApp(appJson);
            String ns = namespace != null ? namespace : sparkApp != null && sparkApp.getMetadata().getNamespace() != null
                    ? sparkApp.getMetadata().getNamespace() : podJson.path("metadata").path("namespace").asText("default");
            PolicyIndex index = OfflineFiles.policies(policies);
            ClusterSnapshot view = OfflineFiles.usage(null, ns, namespaceLabels);
            MutationResult result = new PodMutationPipeline(() -> index)
                    .mutate(new MutationContext(ns, role, sparkApp), podJson, view.labelsOf(ns));
            AdmissionDecision decision = result.refused()
                    ? AdmissionDecision.deny(result.refusal().orElseThrow())
                    : new PolicyEngine(() -> index, new ReservationLedger(Clock.systemUTC(),
                    ReservationLedger.DEFAULT_TTL)).validatePod(new AdmissionInput(Operation.CREATE, ns,
                    Json.mapper().valueToTree(result.mutated()), null, true), view);
            Decisions.print(out, decision.withWarnings(typos).withWarnings(result.warnings()));
            out.println("--- patch");
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result.patch()));
            out.println("--- mutated pod");
            out.print(Json.yaml().writeValueAsString(result.mutated()));
            out.flush();
            return Decisions.exitCode(decision);
        } catch (CliFailure e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return e.exitCode();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        } catch (JsonProcessingException e) {
            spec.commandLine().getErr().println("error: cannot print the result: " + e.getOriginalMessage());
            return 2;
        }
    }

    private SparkApplication readApp(JsonNode doc) {
        try {
            return ObjectReading.read(Json.mapper(), doc, SparkApplication.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(app + ": " + e.getMessage(), e);
        }
    }
}
