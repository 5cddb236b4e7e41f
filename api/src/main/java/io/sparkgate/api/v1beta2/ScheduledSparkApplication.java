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

/** A SparkApplication run on a cron schedule, as kubeflow's {@code sparkoperator.k8s.io/v1beta2} CRD defines it. */
@Group(SparkApplication.GROUP)
@Version(SparkApplication.VERSION)
@Kind("ScheduledSparkApplication")
@Plural("scheduledsparkapplications")
@Singular("scheduledsparkapplication")
@ShortNames("scheduledsparkapp")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
// HasMetadata routes reading through fabric8's kind registry; read this class directly instead.
@JsonDeserialize(using = JsonDeserializer.None.class)
public final class ScheduledSparkApplication implements HasMetadata, Namespaced {
    private String apiVersion = SparkApplication.API_VERSION;
    private String kind = "ScheduledSparkApplication";
    private ObjectMeta metadata = new ObjectMeta();
    private ScheduledSparkApplicationSpec spec;
    private ScheduledSparkApplicationStatus status;

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

    public ScheduledSparkApplicationSpec getSpec() {
        return spec;
    }

    public void setSpec(ScheduledSparkApplicationSpec spec) {
        this.spec = spec;
    }

    /** The status, or null before the operator first wrote one. */
    public ScheduledSparkApplicationStatus getStatus() {
        return status;
    }

    public void setStatus(ScheduledSparkApplicationStatus status) {
        this.status = status;
    }
}
