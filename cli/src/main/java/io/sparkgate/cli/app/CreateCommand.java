package io.sparkgate.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.sparkgate.api.Json;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkgate create <yaml>}: submits a SparkApplication manifest as written (fields this version does not
 * model are kept), optionally deleting an existing app of that name first.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a SparkApplication from a YAML or JSON manifest. Fields its schema does not declare "
                + "(typos) are warned about, or refused with --strict.",
                "Exit code: 0 created, 1 refused by the cluster or failed, 2 bad input."})
public final class CreateCommand extends ManifestVerb {
    static final ResourceDefinitionContext SPARK_APPS = ResourceDefinitionContext.fromResourceType(
            SparkApplication.class);

    @Option(names = "--delete-first", description = "Delete an existing SparkApplication of that name first, "
            + "and wait until it is gone.")
    boolean deleteFirst;

    @Option(names = "--delete-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds --delete-first waits for the old application to go (default: ${DEFAULT-VALUE}).")
    int deleteTimeoutSeconds;

    /** Used by picocli. */
    public CreateCommand() {
        this(AppContext.system());
    }

    CreateCommand(AppContext context) {
        super(context);
    }

    @Override
    int execute(KubernetesClient client, String namespace) throws InterruptedException {
        GenericKubernetesResource app = manifestIn(namespace);
        String name = app.getMetadata().getName();
        var resource = client.genericKubernetesResources(SPARK_APPS).inNamespace(namespace).withName(name);
        if (deleteFirst && resource.get() != null) {
            resource.delete();
            waitUntilGone(resource, name, namespace);
            out().printf("sparkapplication %s/%s deleted%n", namespace, name);
        }
        try {
            client.genericKubernetesResources(SPARK_APPS).inNamespace(namespace).resource(app).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new CliFailure("sparkapplication \"" + name + "\" already exists in namespace \"" + namespace
                        + "\" (use --delete-first to replace it, or sparkgate apply)");
            }
            throw refused(e, client, name, namespace);
        }
        out().printf("sparkapplication %s/%s created%n", namespace, name);
        out().flush();
        return 0;
    }

    /** The one-line failure of a write the cluster refused: missing namespace or CRD, a webhook's denial. */
    static RuntimeException refused(KubernetesClientException e, KubernetesClient client, String name,
                                    String namespace) {
        if (e.getCode() == 404) {
            return new CliFailure(new SparkApps(client, namespace).missing(name).startsWith("namespace")
                    ? "namespace \"" + namespace + "\" not found"
                    : "the cluster does not serve sparkoperator.k8s.io/v1beta2 SparkApplications "
                            + "(is the sparkgate chart installed?)");
        }
        if (e.getCode() == 422 || e.getCode() == 400 || e.getCode() == 403) {
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage();
            return new CliFailure("sparkapplication \"" + name + "\" was rejected: " + reason);
        }
        return e;
    }

    private void waitUntilGone(io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> resource,
                               String name, String namespace) throws InterruptedException {
        Instant deadline = context.clock().instant().plus(Duration.ofSeconds(deleteTimeoutSeconds));
        while (resource.get() != null) {
            if (context.clock().instant().isAfter(deadline)) {
                throw new CliFailure("sparkapplication \"" + name + "\" in namespace \"" + namespace
                        + "\" is still being deleted after " + deleteTimeoutSeconds + " s; nothing was created");
            }
            Thread.sleep(250);
        }
    }

    /** Reads and checks a manifest; unknown fields are warned about on {@code err}, or refused when strict. */
    static GenericKubernetesResource read(Path file, boolean strict, java.io.PrintWriter err) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        JsonNode node;
        try {
            node = Json.yaml().readTree(text);
        } catch (IOException e) {
            throw CliFailure.badInput(file + " is not valid YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw CliFailure.badInput(file + " holds no object (expected one SparkApplication)");
        }
        String apiVersion = node.path("apiVersion").asText();
        String kind = node.path("kind").asText();
        if (!SparkApplication.API_VERSION.equals(apiVersion) || !"SparkApplication".equals(kind)) {
            throw CliFailure.badInput(file + ": expected apiVersion " + SparkApplication.API_VERSION
                    + " and kind SparkApplication, found apiVersion \"" + apiVersion + "\" kind \"" + kind + "\"");
        }
        if (node.path("metadata").path("name").asText().isEmpty()) {
            throw CliFailure.badInput(file + ": metadata.name is missing");
        }
        UnknownFields.check(node, file.toString(), strict, err);
        try {
            // Reading the model checks the field types the operator relies on.
            Json.mapper().treeToValue(node, SparkApplication.class);
            return Json.mapper().treeToValue(node, GenericKubernetesResource.class);
        } catch (IOException | IllegalArgumentException e) {
            throw CliFailure.badInput(file + ": not a valid SparkApplication: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
