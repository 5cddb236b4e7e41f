package io.sparkgate.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.ScheduledSparkApplication;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.List;

/**
 * The custom resources of this project as CustomResourceDefinitions, derived from the model classes' annotations,
 * so fabric8 clients can create, read, watch and update them against the API emulation (or fabric8's CRUD mock).
 * The schemas preserve unknown fields: validation is the webhooks' job in these tests, not the CRD's.
 */
public final class CustomResources {

    private CustomResources() {
    }

    /** SparkApplication and ScheduledSparkApplication (with status subresources) and SparkPolicy. */
    public static List<CustomResourceDefinition> sparkgate() {
        return List.of(definition(SparkApplication.class, true), definition(ScheduledSparkApplication.class, true),
                definition(SparkPolicy.class, false));
    }

    /** Creates (or replaces) this project's CRDs through the client. */
    public static void register(KubernetesClient client) {
        sparkgate().forEach(crd -> client.resource(crd).createOr(existing -> existing.update()));
    }

    /** The CRD of an annotated model class: group, version, kind, plural, singular, short names and scope. */
    public static CustomResourceDefinition definition(Class<? extends HasMetadata> type, boolean statusSubresource) {
        String group = HasMetadata.getGroup(type);
        String plural = HasMetadata.getPlural(type);
        ShortNames shortNames = type.getAnnotation(ShortNames.class);
        CustomResourceDefinitionVersionBuilder version = new CustomResourceDefinitionVersionBuilder()
                .withName(HasMetadata.getVersion(type)).withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).build()).endSchema();
        if (statusSubresource) {
            version.withNewSubresources().withNewStatus().endStatus().endSubresources();
        }
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group)
                .withScope(Namespaced.class.isAssignableFrom(type) ? "Namespaced" : "Cluster")
                .withNewNames().withKind(HasMetadata.getKind(type)).withPlural(plural)
                .withSingular(HasMetadata.getSingular(type))
                .withShortNames(shortNames == null ? List.of() : List.of(shortNames.value())).endNames()
                .withVersions(version.build())
                .endSpec().build();
    }
}
