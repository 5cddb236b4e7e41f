package io.sparkgate.mutators;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What configuration a Spark 4.1.1 driver pod really runs with, modelled independently of the code under test.
 * Spark's image entrypoint turns {@code driver <args>} into {@code spark-submit --conf spark.driver.bindAddress=...
 * --deploy-mode client <args>}; SparkSubmitArguments then collects every {@code --conf k=v} before the primary
 * resource (a later one winning) and adds the {@code --properties-file} entries only for keys not set by
 * {@code --conf} ({@code mergeDefaultSparkProperties}).
 */
final class SparkSubmitModel {
    private SparkSubmitModel() {
    }

    /** The effective Spark configuration of a driver container's args, given the properties file's text. */
    static Map<String, String> effectiveConf(List<String> containerArgs, String propertiesFile) {
        if (containerArgs.isEmpty() || !containerArgs.get(0).equals("driver")) {
            throw new IllegalArgumentException("not a driver command: " + containerArgs);
        }
        List<String> submit = new ArrayList<>(List.of("--conf", "spark.driver.bindAddress=10.0.0.1",
                "--deploy-mode", "client"));
        submit.addAll(containerArgs.subList(1, containerArgs.size()));
        Map<String, String> conf = new LinkedHashMap<>();
        int i = 0;
        while (i < submit.size() && submit.get(i).startsWith("-")) {
            String opt = submit.get(i);
            String value = submit.get(i + 1);
            if (opt.equals("--conf")) {
                int eq = value.indexOf('=');
                conf.put(value.substring(0, eq), value.substring(eq + 1));
            }
            i += 2;
        }
        Properties file = new Properties();
        try {
            file.load(new StringReader(propertiesFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file.stringPropertyNames().forEach(k -> conf.putIfAbsent(k, file.getProperty(k).trim()));
        return conf;
    }
}
