package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The driver's part of a SparkApplication. */
public final class DriverSpec extends SparkPodSpec {
    @JsonProperty private String podName;
    @JsonProperty private String kubernetesMaster;
    @JsonProperty private Map<String, String> serviceAnnotations;
    @JsonProperty private Map<String, String> serviceLabels;

    /** The driver pod's name chosen by the user (in-cluster client mode only), or null. */
    public String podName() {
        return podName;
    }

    /** The API server the driver talks to, or null for the in-cluster default. */
    public String kubernetesMaster() {
        return kubernetesMaster;
    }

    /** Annotations of the driver's headless Service. */
    public Map<String, String> serviceAnnotations() {
        return Lists.orEmpty(serviceAnnotations);
    }

    /** Labels of the driver's headless Service. */
    public Map<String, String> serviceLabels() {
        return Lists.orEmpty(serviceLabels);
    }
}
