package io.sparkgate.launcher.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Spark's {@code DriverCommandFeatureStep}: the container's arguments ({@code driver [--proxy-user u]
 * --properties-file … --class … <resource> <args>}), the Python interpreter env of PySpark apps, and
 * {@code spark.kubernetes.resource.type}.
 */
final class DriverCommandStep implements DriverStep {
    /** Where the driver finds {@code spark.properties}. */
    static final String CONF_DIR = "/opt/spark/conf";

    @Override
    public void apply(DriverDraft d) {
        SparkSubmission s = d.submission;
        if (s.type() == AppType.PYTHON) {
            env(d, "PYSPARK_PYTHON", d.conf().get("spark.pyspark.python"));
            env(d, "PYSPARK_DRIVER_PYTHON", d.conf().get("spark.pyspark.driver.python"));
        }
        List<String> args = new ArrayList<>();
        args.add("driver");
        if (s.proxyUser() != null) {
            args.add("--proxy-user");
            args.add(s.proxyUser());
        }
        args.addAll(List.of("--properties-file", CONF_DIR + "/spark.properties", "--class", s.driverClass(),
                s.primaryResource()));
        args.addAll(s.appArgs());
        d.container.addAllToArgs(args);
        d.systemProperties.put("spark.kubernetes.resource.type", s.type().resourceType());
    }

    private static void env(DriverDraft d, String name, String value) {
        if (value != null) {
            d.container.addNewEnv().withName(name).withValue(value).endEnv();
        }
    }
}
