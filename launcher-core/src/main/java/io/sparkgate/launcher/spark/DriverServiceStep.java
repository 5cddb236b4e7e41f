package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.sparkgate.api.SparkLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark's {@code DriverServiceFeatureStep}: the headless Service executors reach the driver through, and the
 * properties {@code spark.driver.host}, {@code spark.driver.port} and {@code spark.driver.blockManager.port}.
 */
final class DriverServiceStep implements DriverStep {

    @Override
    public void apply(DriverDraft d) {
        for (String managed : new String[] {"spark.driver.bindAddress", "spark.driver.host"}) {
            if (d.conf().containsKey(managed)) {
                throw new IllegalArgumentException(managed + ": not supported on Kubernetes, where Spark sets it "
                        + "to the driver pod's address");
            }
        }
        String name = SparkNames.serviceName(d.resourceNamePrefix, d.ids.serviceId());
        int driverPort = d.intConf("spark.driver.port", 7078);
        int blockManager = d.intConf("spark.driver.blockManager.port", d.intConf("spark.blockManager.port", 7079));
        int ui = d.intConf("spark.ui.port", 4040);
        List<ServicePortBuilder> ports = new ArrayList<>(List.of(port("driver-rpc-port", driverPort),
                port("blockmanager", blockManager), port("spark-ui", ui)));
        if (d.submission.sparkVersion().atLeast(4, 1)) {
            ports.add(port("spark-connect", d.intConf("spark.connect.grpc.binding.port", 15002)));
        }
        Map<String, String> annotations = new TreeMap<>();
        d.withPrefix("spark.kubernetes.driver.service.annotation.")
                .forEach((k, v) -> annotations.put(k, d.substituteIds(v)));
        var spec = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(d.submission.namespace())
                .addToAnnotations(annotations)
                .addToLabels(SparkLabels.SPARK_APP_SELECTOR, d.ids.appId())
                .addToLabels(d.withPrefix("spark.kubernetes.driver.service.label."))
                .endMetadata()
                .withNewSpec().withClusterIP("None");
        if (d.submission.sparkVersion().atLeast(3, 4)) {
            spec.withIpFamilyPolicy(d.conf("spark.kubernetes.driver.service.ipFamilyPolicy", "SingleStack"))
                    .withIpFamilies(Arrays.stream(d.conf("spark.kubernetes.driver.service.ipFamilies", "IPv4")
                            .split(",")).map(String::trim).toList());
        }
        d.service = spec.withSelector(BasicDriverStep.labels(d))
                .withPorts(ports.stream().map(ServicePortBuilder::build).toList())
                .endSpec().build();
        d.systemProperties.put("spark.driver.host", name + "." + d.submission.namespace() + ".svc");
        d.systemProperties.put("spark.driver.port", Integer.toString(driverPort));
        d.systemProperties.put("spark.driver.blockManager.port", Integer.toString(blockManager));
    }

    private static ServicePortBuilder port(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(port));
    }
}
