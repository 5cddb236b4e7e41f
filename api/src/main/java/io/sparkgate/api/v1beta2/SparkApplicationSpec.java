package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;

/**
 * The desired state of a SparkApplication: everything a spark-submit command line carries, in kubeflow's
 * {@code sparkoperator.k8s.io/v1beta2} shape. Read-only; absent collections read as empty ones and absent
 * role specs as empty specs.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SparkApplicationSpec {
    @JsonProperty private SparkApplicationType type;
    @JsonProperty private String sparkVersion;
    @JsonProperty private DeployMode mode;
    @JsonProperty private String proxyUser;
    @JsonProperty private String image;
    @JsonProperty private String imagePullPolicy;
    @JsonProperty private List<String> imagePullSecrets;
    @JsonProperty private String mainClass;
    @JsonProperty private String mainApplicationFile;
    @JsonProperty private List<String> arguments;
    @JsonProperty private Map<String, String> sparkConf;
    @JsonProperty private Map<String, String> hadoopConf;
    @JsonProperty private String sparkConfigMap;
    @JsonProperty private String hadoopConfigMap;
    @JsonProperty private List<Volume> volumes;
    @JsonProperty private DriverSpec driver;
    @JsonProperty private ExecutorSpec executor;
    @JsonProperty private Dependencies deps;
    @JsonProperty private RestartPolicy restartPolicy;
    @JsonProperty private Map<String, String> nodeSelector;
    @JsonProperty private Integer failureRetries;
    @JsonProperty private Long retryInterval;
    @JsonProperty private String pythonVersion;
    @JsonProperty private String memoryOverheadFactor;
    @JsonProperty private MonitoringSpec monitoring;
    @JsonProperty private String batchScheduler;
    @JsonProperty private Long timeToLiveSeconds;
    @JsonProperty private BatchSchedulerConfiguration batchSchedulerOptions;
    @JsonProperty private SparkUIConfiguration sparkUIOptions;
    @JsonProperty private List<DriverIngressConfiguration> driverIngressOptions;
    @JsonProperty private DynamicAllocation dynamicAllocation;
    @JsonProperty private KerberosSpec kerberos;
    @JsonProperty private Boolean suspend;

    /** The application's language, or null when the manifest leaves it out (invalid). */
    public SparkApplicationType type() {
        return type;
    }

    /** The Spark version the image carries, e.g. {@code 4.1.1}, or null. */
    public String sparkVersion() {
        return sparkVersion;
    }

    /** The deploy mode; {@code cluster} when unset. */
    public DeployMode mode() {
        return mode == null ? DeployMode.CLUSTER : mode;
    }

    /** The user to impersonate ({@code --proxy-user}), or null. */
    public String proxyUser() {
        return proxyUser;
    }

    /** The image for driver and executors, or null. */
    public String image() {
        return image;
    }

    /** The image pull policy, or null. */
    public String imagePullPolicy() {
        return imagePullPolicy;
    }

    /** Names of image pull Secrets. */
    public List<String> imagePullSecrets() {
        return Lists.orEmpty(imagePullSecrets);
    }

    /** The main class (Java/Scala), or null. */
    public String mainClass() {
        return mainClass;
    }

    /** The main jar, Python or R file, or null. */
    public String mainApplicationFile() {
        return mainApplicationFile;
    }

    /** The application's arguments. */
    public List<String> arguments() {
        return Lists.orEmpty(arguments);
    }

    /** Spark configuration, as {@code --conf} would give it. */
    public Map<String, String> sparkConf() {
        return Lists.orEmpty(sparkConf);
    }

    /** Hadoop configuration; each key becomes {@code spark.hadoop.<key>}. */
    public Map<String, String> hadoopConf() {
        return Lists.orEmpty(hadoopConf);
    }

    /** A ConfigMap of Spark configuration files mounted at {@code /etc/spark/conf}, or null. */
    public String sparkConfigMap() {
        return sparkConfigMap;
    }

    /** A ConfigMap of Hadoop configuration files mounted at {@code /etc/hadoop/conf}, or null. */
    public String hadoopConfigMap() {
        return hadoopConfigMap;
    }

    /** Volumes the driver and executors may mount. */
    public List<Volume> volumes() {
        return Lists.orEmpty(volumes);
    }

    /** The driver's spec, empty when absent. */
    public DriverSpec driver() {
        return driver == null ? new DriverSpec() : driver;
    }

    /** The executors' spec, empty when absent. */
    public ExecutorSpec executor() {
        return executor == null ? new ExecutorSpec() : executor;
    }

    /** The role's spec: {@link #driver()} or {@link #executor()}. */
    public SparkPodSpec role(SparkRole role) {
        return role == SparkRole.DRIVER ? driver() : executor();
    }

    /** The application's dependencies, empty when absent. */
    public Dependencies deps() {
        return deps == null ? Dependencies.none() : deps;
    }

    /** The restart policy; {@code Never} when absent. */
    public RestartPolicy restartPolicy() {
        return restartPolicy == null ? RestartPolicy.never() : restartPolicy;
    }

    /** The app-level node selector for both roles (deprecated by kubeflow in favour of the role's). */
    public Map<String, String> nodeSelector() {
        return Lists.orEmpty(nodeSelector);
    }

    /** Deprecated retry count, or null. */
    public Integer failureRetries() {
        return failureRetries;
    }

    /** Deprecated retry interval in seconds, or null. */
    public Long retryInterval() {
        return retryInterval;
    }

    /** The Python major version ({@code 2} or {@code 3}), or null. */
    public String pythonVersion() {
        return pythonVersion;
    }

    /** The memory overhead factor as a decimal string, or null. */
    public String memoryOverheadFactor() {
        return memoryOverheadFactor;
    }

    /** Metrics settings, or null. */
    public MonitoringSpec monitoring() {
        return monitoring;
    }

    /** The batch scheduler's name, or null. */
    public String batchScheduler() {
        return batchScheduler;
    }

    /** Seconds after termination before the app is deleted, or null. */
    public Long timeToLiveSeconds() {
        return timeToLiveSeconds;
    }

    /** Batch scheduler options, or null. */
    public BatchSchedulerConfiguration batchSchedulerOptions() {
        return batchSchedulerOptions;
    }

    /** Spark UI Service and Ingress options, or null. */
    public SparkUIConfiguration sparkUIOptions() {
        return sparkUIOptions;
    }

    /** Further driver ports exposed through Services and Ingresses. */
    public List<DriverIngressConfiguration> driverIngressOptions() {
        return Lists.orEmpty(driverIngressOptions);
    }

    /** Dynamic allocation settings, or null. */
    public DynamicAllocation dynamicAllocation() {
        return dynamicAllocation;
    }

    /** Kerberos settings (kubeflow's newer {@code spec.kerberos}), or null. */
    public KerberosSpec kerberos() {
        return kerberos;
    }

    /** Whether the app is suspended (no driver runs while true). */
    public boolean suspend() {
        return Boolean.TRUE.equals(suspend);
    }
}
