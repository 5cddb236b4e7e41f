package io.sparkgate.cli.app;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the verbs that write a SparkApplication manifest share ({@code create}, {@code apply}): the file, read and
 * checked once ({@link CreateCommand#read}: unknown fields warned about or, with {@code --strict}, refused), its
 * namespace taken before the kubeconfig's, and the check that it agrees with {@code --namespace}.
 */
abstract class ManifestVerb extends AppVerb {
    @Parameters(index = "0", paramLabel = "FILE", description = "SparkApplication manifest (YAML or JSON).")
    Path file;

    @Option(names = "--strict", description = "Refuse a manifest with a field its schema does not declare "
            + "(as the API server's fieldValidation=Strict) instead of warning.")
    boolean strict;

    private GenericKubernetesResource manifest;

    ManifestVerb(AppContext context) {
        super(context);
    }

    @Override
    final String namespaceFromInput() {
        return manifest().getMetadata().getNamespace();
    }

    /** The manifest, read and checked once. */
    final GenericKubernetesResource manifest() {
        if (manifest == null) {
            manifest = CreateCommand.read(file, strict, err());
        }
        return manifest;
    }

    /**
     * The manifest placed in {@code namespace}.
     *
     * @throws CliFailure (bad input) when the manifest names another namespace
     */
    final GenericKubernetesResource manifestIn(String namespace) {
        GenericKubernetesResource app = manifest();
        String own = app.getMetadata().getNamespace();
        if (own != null && !own.equals(namespace)) {
            throw CliFailure.badInput(file + ": metadata.namespace \"" + own + "\" differs from --namespace \""
                    + namespace + "\"");
        }
        app.getMetadata().setNamespace(namespace);
        return app;
    }
}
