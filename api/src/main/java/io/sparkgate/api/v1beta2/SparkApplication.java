package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Spark application as kubeflow's {@code sparkoperator.k8s.io/v1beta2} CRD defines it. */
@Group(SparkApplication.GROUP)
@Version(SparkApplication.VERSION)
@Kind("SparkApplication")
@Plural("sparkapplications")
@Singular("sparkapplication")
@ShortNames("sparkapp")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
// HasMetadata routes reading through fabric8's kind registry; read this class directly instead.
@JsonDeserialize(using = JsonDeserializer.None.class)
public final class SparkApplication implements HasMetadata, Namespaced {
    /** The API group kubeflow's operator defines. */
    public static final String GROUP = "sparkoperator.k8s.io";
    /** The served version. */
    public static final String VERSION = "v1beta2";
    /** {@code group/version}. */
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private String apiVersion = API_VERSION;
    private String kind = "SparkApplication";
    private ObjectMeta metadata = new ObjectMeta();
    private SparkApplicationSpec spec = new SparkApplicationSpec();
    private SparkApplicationStatus status;

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

    public SparkApplicationSpec getSpec() {
        return spec;
    }

    public void setSpec(SparkApplicationSpec spec) {
        this.spec = spec;
    }

    /** The status, or null before the operator first wrote one. */
    public SparkApplicationStatus getStatus() {
        return status;
    }

    public void setStatus(SparkApplicationStatus status) {
        this.status = status;
    }
}
