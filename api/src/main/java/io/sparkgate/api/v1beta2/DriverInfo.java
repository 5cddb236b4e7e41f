package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Where the driver and its UI can be found. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DriverInfo(String webUIServiceName, String webUIAddress, Integer webUIPort, String webUIIngressName,
                         String webUIIngressAddress, String podName) {
    /** Nothing known yet. */
    public static DriverInfo empty() {
        return new DriverInfo(null, null, null, null, null, null);
    }
}
