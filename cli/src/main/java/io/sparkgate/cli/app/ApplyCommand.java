package io.sparkgate.cli.app;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;

/**
 * {@code sparkgate apply <yaml>}: creates the SparkApplication, or updates the stored one to the manifest: its
 * spec, and the labels and annotations the manifest sets, written with the stored resourceVersion (a concurrent
 * change is a conflict, not lost) and leaving the status the operator owns alone. Prints created, configured or
 * unchanged (nothing written when the manifest already holds).
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Create a SparkApplication from a manifest, or update it to the manifest (the stored app "
                + "of its spec, labels and annotations). Fields its schema does not declare are warned about, or refused with "
                + "--strict.", "Exit code: 0 applied, 1 refused by the cluster or failed, 2 bad input."})
public final class ApplyCommand extends ManifestVerb {
    /** Used by picocli. */
    public ApplyCommand() {
        this(AppContext.system());
    }

    ApplyCommand(AppContext context) {
        super(context);
    }

    @Override
    int execute(KubernetesClient client, String namespace) {
        GenericKubernetesResource app = manifestIn(namespace);
        String name = app.getMetadata().getName();
        var resource = client.genericKubernetesResources(CreateCommand.SPARK_APPS).inNamespace(namespace);
        String outcome;
        try {
            GenericKubernetesResource stored = resource.withName(name).get();
            if (stored == null) {
                resource.resource(app).create();
                outcome = "created";
            } else {
                GenericKubernetesResource updated = updated(stored, app);
                if (updated == null) {
                    outcome = "unchanged";
                } else {
                    resource.resource(updated).update();
                    outcome = "configured";
                }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new CliFailure("sparkapplication \"" + name + "\" changed while it was applied; run "
                        + "sparkgate apply again");
            }
            throw CreateCommand.refused(e, client, name, namespace);
        }
        out().printf("sparkapplication %s/%s %s%n", namespace, name, outcome);
        out().flush();
        return 0;
    }

    /** The stored app with the manifest's spec, labels and annotations; null when it already has them. */
    private static GenericKubernetesResource updated(GenericKubernetesResource stored, GenericKubernetesResource app) {
        GenericKubernetesResource next = io.sparkgate.api.Json.mapper().convertValue(stored,
                GenericKubernetesResource.class);
        next.getAdditionalProperties().put("spec", app.getAdditionalProperties().get("spec"));
        var meta = next.getMetadata();
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>(
                meta.getLabels() == null ? java.util.Map.of() : meta.getLabels());
        java.util.Map<String, String> annotations = new java.util.LinkedHashMap<>(
                meta.getAnnotations() == null ? java.util.Map.of() : meta.getAnnotations());
        if (app.getMetadata().getLabels() != null) {
            labels.putAll(app.getMetadata().getLabels());
        }
        if (app.getMetadata().getAnnotations() != null) {
            annotations.putAll(app.getMetadata().getAnnotations());
        }
        meta.setLabels(labels);
        meta.setAnnotations(annotations);
        boolean same = java.util.Objects.equals(stored.getAdditionalProperties().get("spec"),
                next.getAdditionalProperties().get("spec"))
                && labels.equals(stored.getMetadata().getLabels() == null ? java.util.Map.of()
                : stored.getMetadata().getLabels())
                && annotations.equals(stored.getMetadata().getAnnotations() == null ? java.util.Map.of()
                : stored.getMetadata().getAnnotations());
        return same ? null : next;
    }

}
