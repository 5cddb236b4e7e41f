package io.sparkgate.mutators;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spark-submit options at the head of a Spark driver container's args ({@code driver --properties-file
 * /opt/spark/conf/spark.properties --class ... <primary resource> <app args>}), read as Spark's
 * {@code SparkSubmitOptionParser} reads them: options come first and end at the first argument that is neither
 * an option nor an option's value (the primary resource). Spark's image entrypoint passes these args to
 * {@code spark-submit}, where a {@code --conf k=v} wins over the same key of the properties file, and a later
 * {@code --conf} over an earlier one.
 */
final class SubmitArgs {
    /** The first argument of a driver container run by Spark's image entrypoint. */
    static final String DRIVER_COMMAND = "driver";
    private static final Set<String> FLAGS = Set.of("--verbose", "-v", "--supervise", "--help", "-h", "--version",
            "--usage-error");
    private static final Set<String> WITH_VALUE = Set.of("--master", "--remote", "--deploy-mode", "--class",
            "--name", "--jars", "--packages", "--exclude-packages", "--repositories", "--files", "--archives",
            "--py-files", "--conf", "-c", "--properties-file", "--driver-memory", "--driver-java-options",
            "--driver-library-path", "--driver-class-path", "--executor-memory", "--proxy-user", "--principal",
            "--keytab", "--queue", "--num-executors", "--total-executor-cores", "--executor-cores", "--driver-cores",
            "--kill", "--status");

    private SubmitArgs() {
    }

    /** The index just past the options that follow {@code args[0]}: where the primary resource starts. */
    static int endOfOptions(List<String> args) {
        int i = 1;
        while (i < args.size()) {
            String a = args.get(i);
            String opt = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            if (FLAGS.contains(a) || (WITH_VALUE.contains(opt) && !opt.equals(a))) {
                i += 1;
            } else if (WITH_VALUE.contains(a)) {
                i += 2;
            } else {
                break;
            }
        }
        return Math.min(i, args.size());
    }

    /** The {@code --conf} settings among the options, later ones winning, in order of first appearance. */
    static Map<String, String> confs(List<String> args) {
        Map<String, String> confs = new LinkedHashMap<>();
        int end = endOfOptions(args);
        for (int i = 1; i < end; i++) {
            String a = args.get(i);
            String value = null;
            if ((a.equals("--conf") || a.equals("-c")) && i + 1 < end) {
                value = args.get(++i);
            } else if (a.startsWith("--conf=")) {
                value = a.substring("--conf=".length());
            } else if (WITH_VALUE.contains(a)) {
                i++;
            }
            if (value != null && value.indexOf('=') > 0) {
                confs.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
            }
        }
        return confs;
    }
}
