package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/**
 * What a SparkApplication says about one role's pods (kubeflow's {@code SparkPodSpec} plus the fields its
 * {@code DriverSpec} and {@code ExecutorSpec} share). Read-only: instances come from JSON or YAML.
 * Absent collections read as empty ones.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class SparkPodSpec {
    @JsonProperty private PodTemplateSpec template;
    @JsonProperty private Integer cores;
    @JsonProperty private String coreRequest;
    @JsonProperty private String coreLimit;
    @JsonProperty private String memory;
    @JsonProperty private String memoryOverhead;
    @JsonProperty private String memoryLimit;
    @JsonProperty private GpuSpec gpu;
    @JsonProperty private String image;
    @JsonProperty private List<NamePath> configMaps;
    @JsonProperty private List<SecretInfo> secrets;
    @JsonProperty private List<EnvVar> env;
    @JsonProperty private Map<String, String> envVars;
    @JsonProperty private List<EnvFromSource> envFrom;
    @JsonProperty private Map<String, NameKey> envSecretKeyRefs;
    @JsonProperty private Map<String, String> labels;
    @JsonProperty private Map<String, String> annotations;
    @JsonProperty private List<VolumeMount> volumeMounts;
    @JsonProperty private Affinity affinity;
    @JsonProperty private List<Toleration> tolerations;
    @JsonProperty private PodSecurityContext podSecurityContext;
    @JsonProperty private SecurityContext securityContext;
    @JsonProperty private String schedulerName;
    @JsonProperty private List<Container> sidecars;
    @JsonProperty private List<Container> initContainers;
    @JsonProperty private Boolean hostNetwork;
    @JsonProperty private Map<String, String> nodeSelector;
    @JsonProperty private PodDNSConfig dnsConfig;
    @JsonProperty private Long terminationGracePeriodSeconds;
    @JsonProperty private String serviceAccount;
    @JsonProperty private List<HostAlias> hostAliases;
    @JsonProperty private Boolean shareProcessNamespace;
    @JsonProperty private String runtimeClassName;
    @JsonProperty private String javaOptions;
    @JsonProperty private Lifecycle lifecycle;
    @JsonProperty private List<Port> ports;
    @JsonProperty private String priorityClassName;

    /** A pod template Spark merges under its own pod (Spark 3.0 and later), or null. */
    public PodTemplateSpec template() {
        return template;
    }

    /** {@code spark.driver.cores} / {@code spark.executor.cores}, or null. */
    public Integer cores() {
        return cores;
    }

    /** The pod's CPU request as a Kubernetes quantity ({@code spark.kubernetes.*.request.cores}), or null. */
    public String coreRequest() {
        return coreRequest;
    }

    /** The pod's CPU limit as a Kubernetes quantity, or null. */
    public String coreLimit() {
        return coreLimit;
    }

    /** The JVM heap in Java units ({@code 512m}, {@code 2g}), or null. */
    public String memory() {
        return memory;
    }

    /** Non-heap memory in Java units (MiB when bare), or null. */
    public String memoryOverhead() {
        return memoryOverhead;
    }

    /** A memory limit above the request, in Java units, or null. */
    public String memoryLimit() {
        return memoryLimit;
    }

    /** The GPU resource and count, or null. */
    public GpuSpec gpu() {
        return gpu;
    }

    /** The role's image, overriding the app's, or null. */
    public String image() {
        return image;
    }

    /** ConfigMaps to mount. */
    public List<NamePath> configMaps() {
        return Lists.orEmpty(configMaps);
    }

    /** Secrets to mount. */
    public List<SecretInfo> secrets() {
        return Lists.orEmpty(secrets);
    }

    /** Environment variables of the Spark container. */
    public List<EnvVar> env() {
        return Lists.orEmpty(env);
    }

    /** Deprecated name-to-value environment variables. */
    public Map<String, String> envVars() {
        return Lists.orEmpty(envVars);
    }

    /** Sources of environment variables (ConfigMaps, Secrets). */
    public List<EnvFromSource> envFrom() {
        return Lists.orEmpty(envFrom);
    }

    /** Deprecated environment variables taken from Secret keys. */
    public Map<String, NameKey> envSecretKeyRefs() {
        return Lists.orEmpty(envSecretKeyRefs);
    }

    /** Pod labels. */
    public Map<String, String> labels() {
        return Lists.orEmpty(labels);
    }

    /** Pod annotations. */
    public Map<String, String> annotations() {
        return Lists.orEmpty(annotations);
    }

    /** Mounts of the app's {@code spec.volumes} into the Spark container. */
    public List<VolumeMount> volumeMounts() {
        return Lists.orEmpty(volumeMounts);
    }

    /** Pod affinity, or null. */
    public Affinity affinity() {
        return affinity;
    }

    /** Pod tolerations. */
    public List<Toleration> tolerations() {
        return Lists.orEmpty(tolerations);
    }

    /** The pod security context, or null. */
    public PodSecurityContext podSecurityContext() {
        return podSecurityContext;
    }

    /** The Spark container's security context, or null. */
    public SecurityContext securityContext() {
        return securityContext;
    }

    /** The scheduler's name, or null. */
    public String schedulerName() {
        return schedulerName;
    }

    /** Containers that run beside the Spark container. */
    public List<Container> sidecars() {
        return Lists.orEmpty(sidecars);
    }

    /** Init containers that run before the Spark container. */
    public List<Container> initContainers() {
        return Lists.orEmpty(initContainers);
    }

    /** Whether the pod uses the host's network, or null. */
    public Boolean hostNetwork() {
        return hostNetwork;
    }

    /** The role's node selector. */
    public Map<String, String> nodeSelector() {
        return Lists.orEmpty(nodeSelector);
    }

    /** The pod's DNS settings, or null. */
    public PodDNSConfig dnsConfig() {
        return dnsConfig;
    }

    /** The pod's termination grace period, or null. */
    public Long terminationGracePeriodSeconds() {
        return terminationGracePeriodSeconds;
    }

    /** The pod's service account, or null. */
    public String serviceAccount() {
        return serviceAccount;
    }

    /** Extra {@code /etc/hosts} entries. */
    public List<HostAlias> hostAliases() {
        return Lists.orEmpty(hostAliases);
    }

    /** Whether the pod's containers share one process namespace, or null. */
    public Boolean shareProcessNamespace() {
        return shareProcessNamespace;
    }

    /** The pod's RuntimeClass, or null. */
    public String runtimeClassName() {
        return runtimeClassName;
    }

    /** Extra JVM options ({@code spark.*.extraJavaOptions}), or null. */
    public String javaOptions() {
        return javaOptions;
    }

    /** The Spark container's lifecycle hooks, or null. */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** Extra ports of the Spark container. */
    public List<Port> ports() {
        return Lists.orEmpty(ports);
    }

    /** The pod's PriorityClass, or null. */
    public String priorityClassName() {
        return priorityClassName;
    }
}
