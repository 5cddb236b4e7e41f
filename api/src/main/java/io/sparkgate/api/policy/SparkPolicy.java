package io.sparkgate.api.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster admin's policy for the Spark apps of one tenant ({@code sparkgate.io/v1alpha1}, cluster-scoped): the
 * namespaces it selects form the tenant; it holds pod defaults, a tenant quota, rules and an enforcement action.
 */
@Group(SparkPolicy.GROUP)
@Version(SparkPolicy.VERSION)
@Kind(SparkPolicy.KIND)
@Plural("sparkpolicies")
@Singular("sparkpolicy")
@ShortNames("sparkpol")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
// HasMetadata routes reading through fabric8's kind registry; read this class directly instead.
@JsonDeserialize(using = JsonDeserializer.None.class)
public final class SparkPolicy implements HasMetadata {
    /** sparkgate's own API group. */
    public static final String GROUP = "sparkgate.io";
    /** The served version. */
    public static final String VERSION = "v1alpha1";
    /** {@code group/version}. */
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** The kind. */
    public static final String KIND = "SparkPolicy";

    private String apiVersion = API_VERSION;
    private String kind = KIND;
    private ObjectMeta metadata = new ObjectMeta();
    private SparkPolicySpec spec;

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    /** The spec, or null when the manifest has none (invalid). */
    public SparkPolicySpec getSpec() {
        return spec;
    }

    public void setSpec(SparkPolicySpec spec) {
        this.spec = spec;
    }

    /** The policy's name, used in every message that names the policy. */
    public String name() {
        return metadata == null ? null : metadata.getName();
    }
}
