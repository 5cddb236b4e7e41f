package io.sparkgate.sparkjobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Issue 14's probe: a Spark job whose tasks, on the executors, read what sparkgate's mutations were meant to put
 * there (a file of a mounted ConfigMap, a classpath resource from {@code sparkConfigMap}'s SPARK_CONF_DIR, a
 * Hadoop {@code Configuration} value from {@code hadoopConfigMap}'s core-site.xml, {@code hadoopConf} and
 * {@code sparkConf} values from the executor's SparkConf, env, envFrom and secretKeyRef variables, a secret volume
 * file, an emptyDir round trip) and return them to the driver, which prints one {@code PROBE key=value} line each.
 * Secret values are printed as SHA-256, never as themselves. Paths come from env variables the app sets to
 * container paths, which the kubelet maps as it maps every path into a mount.
 */
public final class MutationProbe {

    private MutationProbe() {
    }

    /** Runs one task per partition (2 by default) and prints what the executors saw. */
    public static void main(String[] args) {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("sparkgate mutation probe"))) {
            List<Map<String, String>> seen = spark.parallelize(List.of(0, 1, 2, 3).subList(0, partitions), partitions)
                    .map(i -> observe()).collect();
            for (Map<String, String> task : seen) {
                task.forEach((k, v) -> System.out.println("PROBE " + k + "=" + v.replace('\n', ' ')));
            }
        }
    }

    private static Map<String, String> observe() throws IOException {
        Map<String, String> seen = new TreeMap<>();
        SparkConf conf = SparkEnv.get().conf();
        seen.put("executorId", SparkEnv.get().executorId());
        seen.put("configMapFile", read(Path.of(env("PROBE_FILES_DIR"), "greeting.txt")));
        seen.put("sparkConfigMapResource", resource("probe-spark.conf"));
        seen.put("hadoopConfigMap", String.valueOf(new Configuration().get("probe.hadoop.site")));
        Configuration hadoop = SparkHadoopUtil.get().newConfiguration(conf);
        seen.put("hadoopConf", String.valueOf(hadoop.get("probe.hadoop.conf")));
        seen.put("sparkConf", conf.get("spark.probe.value", "unset"));
        seen.put("env", env("PROBE_STAGE"));
        seen.put("envFrom", env("PROBE_FROM_CONFIGMAP"));
        seen.put("secretEnvSha256", sha256(env("PROBE_TOKEN")));
        seen.put("secretFileSha256", sha256(read(Path.of(env("PROBE_SECRET_DIR"), "token"))));
        Path scratch = Path.of(env("PROBE_SCRATCH"), "task-" + SparkEnv.get().executorId() + ".txt");
        Files.writeString(scratch, "written by a task");
        seen.put("emptyDir", read(scratch) + " at " + scratch);
        return seen;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "unset" : value;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "missing " + file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            return in == null ? "missing" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
