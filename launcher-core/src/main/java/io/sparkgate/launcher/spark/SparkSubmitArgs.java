package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spark-submit command line in cluster mode, both ways: {@link #parse} reads one into a {@link SparkSubmission}
 * (the golden tests feed Spark's own inputs to the launcher), {@link #render} writes a submission as the arguments
 * spark-submit takes (the fixture generator and the benchmark run real Spark on them).
 */
public final class SparkSubmitArgs {
    private static final Map<String, String> CONF_FLAGS = Map.of("--name", "spark.app.name", "--jars", "spark.jars",
            "--files", "spark.files", "--py-files", "spark.submit.pyFiles", "--archives", "spark.archives",
            "--packages", "spark.jars.packages", "--exclude-packages", "spark.jars.excludes",
            "--repositories", "spark.jars.repositories");

    private SparkSubmitArgs() {
    }

    /**
     * Reads spark-submit's arguments ({@code --master} and {@code --deploy-mode} are skipped: the launcher always
     * submits in cluster mode to the master it is given).
     */
    public static SparkSubmission parse(List<String> argv, SparkVersion version, Pod driverTemplate) {
        Map<String, String> conf = new LinkedHashMap<>();
        String mainClass = null;
        String proxyUser = null;
        int i = 0;
        while (i < argv.size() && argv.get(i).startsWith("--")) {
            String flag = argv.get(i);
            if (i + 1 >= argv.size()) {
                throw new IllegalArgumentException(flag + ": needs a value");
            }
            String value = argv.get(i + 1);
            switch (flag) {
                case "--master", "--deploy-mode" -> { }
                case "--class" -> mainClass = value;
                case "--proxy-user" -> proxyUser = value;
                case "--conf" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--conf " + value + ": expected key=value");
                    }
                    conf.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> {
                    String key = CONF_FLAGS.get(flag);
                    if (key == null) {
                        throw new IllegalArgumentException(flag + ": not a spark-submit option the launcher knows");
                    }
                    conf.put(key, value);
                }
            }
            i += 2;
        }
        if (i >= argv.size()) {
            throw new IllegalArgumentException("no primary resource");
        }
        String primary = argv.get(i);
        AppType type = primary.endsWith(".py") ? AppType.PYTHON
                : primary.endsWith(".R") || primary.endsWith(".r") ? AppType.R : AppType.JAVA;
        return new SparkSubmission(type, primary, mainClass, argv.subList(i + 1, argv.size()), conf, proxyUser,
                version, driverTemplate, null);
    }

    /** The arguments spark-submit needs for the submission against the given master. */
    public static List<String> render(SparkSubmission s, String masterUrl) {
        List<String> argv = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "cluster"));
        if (s.type().isJvm()) {
            argv.addAll(List.of("--class", s.mainClass()));
        }
        if (s.proxyUser() != null) {
            argv.addAll(List.of("--proxy-user", s.proxyUser()));
        }
        s.conf().forEach((k, v) -> argv.addAll(List.of("--conf", k + "=" + v)));
        argv.add(s.primaryResource());
        argv.addAll(s.appArgs());
        return argv;
    }
}
