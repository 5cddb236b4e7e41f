package io.sparkgate.cli.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.policy.AdmissionDecision;
import io.sparkgate.policy.AdmissionInput;
import io.sparkgate.policy.Operation;
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
 * {@code sparkgate validate}: decides a SparkApplication or ScheduledSparkApplication offline against policies
 * and an optional usage snapshot, exactly as the validating webhook would; exits 1 on a denial, 2 on bad input.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a SparkApplication or ScheduledSparkApplication against SparkPolicies offline, as the "
                + "webhook would. Fields its schema does not declare (typos) are warned about, or refused with "
                + "--strict.", "Exit code: 0 allowed, 1 denied, 2 bad input (a manifest that does not read or "
                + "is invalid)."})
public final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", description = "SparkPolicy file (YAML or JSON, several documents allowed); repeatable")
    List<Path> policies = List.of();

    @Option(names = "--app", required = true, description = "SparkApplication or ScheduledSparkApplication file")
    Path app;

    @Option(names = "--usage", description = "what the tenant already runs: Namespaces, SparkApplications, Pods, "
            + "ResourceQuotas (several documents or a List)")
    Path usage;

    @Option(names = {"-n", "--namespace"}, description = "namespace of the app when its manifest names none (default: "
            + "default)")
    String namespace;

    @Option(names = "--strict", description = "Refuse an app with a field its schema does not declare (exit 2) "
            + "instead of warning.")
    boolean strict;

    @Option(names = "--namespace-label", description = "a label of the app's namespace, key=value; repeatable")
    Map<String, String> namespaceLabels = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            JsonNode object = OfflineFiles.single(app);
            if (strict) {
                UnknownFields.check(object, app.toString(), true, spec.commandLine().getErr());
            }
            String ns = namespace != null ? namespace : object.path("metadata").path("namespace").asText("default");
            PolicyIndex index = OfflineFiles.policies(policies);
            ClusterSnapshot view = OfflineFiles.usage(usage, ns, namespaceLabels);
            PolicyEngine engine = new PolicyEngine(() -> index,
                    new ReservationLedger(Clock.systemUTC(), ReservationLedger.DEFAULT_TTL));
            AdmissionInput input = new AdmissionInput(Operation.CREATE, ns, object, null, true);
            String kind = object.path("kind").asText("SparkApplication");
            AdmissionDecision decision = switch (kind) {
                case "SparkApplication" -> engine.validateSparkApplication(input, view);
                case "ScheduledSparkApplication" -> engine.validateScheduledSparkApplication(input, view);
                default -> throw new IllegalArgumentException(app + ": kind \"" + kind
                        + "\" is not SparkApplication or ScheduledSparkApplication");
            };
            out.println(kind + " " + ns + "/" + object.path("metadata").path("name").asText() + " with "
                    + index.policiesFor(view, ns).size() + " applicable SparkPolicy(ies)");
            Decisions.print(out, decision);
            return decision.allowed() ? 0 : Decisions.exitCode(decision);
        } catch (CliFailure e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return e.exitCode();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
    }
}
