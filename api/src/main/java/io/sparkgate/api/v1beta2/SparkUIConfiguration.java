package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.List;
import java.util.Map;

/** How the Spark UI is exposed: its Service and, optionally, an Ingress. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SparkUIConfiguration(Integer servicePort, String servicePortName, String serviceType,
                                   Map<String, String> serviceAnnotations, Map<String, String> serviceLabels,
                                   Map<String, String> ingressAnnotations, List<IngressTLS> ingressTLS) {
    /** Absent collections read as empty ones. */
    public SparkUIConfiguration {
        serviceAnnotations = Lists.orEmpty(serviceAnnotations);
        serviceLabels = Lists.orEmpty(serviceLabels);
        ingressAnnotations = Lists.orEmpty(ingressAnnotations);
        ingressTLS = Lists.orEmpty(ingressTLS);
    }
}
