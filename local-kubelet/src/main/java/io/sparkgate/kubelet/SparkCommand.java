package io.sparkgate.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The command the {@code apache/spark} image's {@code /opt/entrypoint.sh} would run, as a local JVM. For
 * {@code driver}: {@code spark-submit --conf spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS --deploy-mode
 * client "$@"}, i.e. {@code SparkSubmit} with the JVM options Spark's launcher derives from the properties file.
 * For {@code executor}: {@code KubernetesExecutorBackend} with the arguments built from {@code SPARK_DRIVER_URL},
 * {@code SPARK_EXECUTOR_ID}, ... and the JVM options of {@code SPARK_JAVA_OPT_*}. Every path into the pod's mounts
 * or image is mapped, and the driver gets this machine's ports and API server (see {@link Network}).
 *
 * @param command     the process command line
 * @param environment the process environment (the pod's, mapped, plus SPARK_HOME and JAVA_HOME)
 * @param workDir     the image's working directory
 */
record SparkCommand(List<String> command, Map<String, String> environment, Path workDir) {
    static final String DRIVER_MAIN = "org.apache.spark.deploy.SparkSubmit";
    static final String EXECUTOR_MAIN = "org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend";
    private static final List<String> EXECUTOR_ENV = List.of("SPARK_DRIVER_URL", "SPARK_EXECUTOR_ID",
            "SPARK_EXECUTOR_CORES", "SPARK_APPLICATION_ID", "SPARK_EXECUTOR_POD_IP", "SPARK_RESOURCE_PROFILE_ID",
            "SPARK_EXECUTOR_POD_NAME", "SPARK_EXECUTOR_MEMORY");
    private static final List<String> SPARK_KEYS_KEPT = List.of("spark.kubernetes.", "spark.master");

    /**
     * How pods reach each other and the API server on this machine.
     *
     * @param apiServer the URL Spark's in-driver client uses for {@code https://kubernetes.default.svc}
     * @param hostsFile the JVM hosts file that resolves Services and pods to 127.0.0.1
     * @param ports     free ports for a driver: RPC, block manager, UI
     */
    record Network(String apiServer, Path hostsFile, List<Integer> ports) {
    }

    /** Builds the command for a container whose args start with {@code driver} or {@code executor}. */
    static SparkCommand build(List<String> args, Map<String, String> podEnv, PathMap paths, SparkImage image,
                              Network network, Path podDir) throws PodRejected, IOException {
        if (args.isEmpty() || !Set.of("driver", "executor").contains(args.get(0))) {
            throw new PodRejected("UnsupportedCommand", "the container's args " + args + " are not a mode of the "
                    + "Spark image's entrypoint (driver or executor): the local kubelet runs only Spark pods");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", podDir.toString());
        env.put("SPARK_HOME", paths.path(SparkImage.SPARK_HOME));
        // The pod network is this machine's loopback: Spark binds its UI to SPARK_LOCAL_IP, 0.0.0.0 without it.
        env.put("SPARK_LOCAL_IP", PodEnvironment.POD_IP);
        podEnv.forEach((k, v) -> env.put(k, paths.value(v)));
        Path tmp = Files.createDirectories(podDir.resolve("tmp"));
        List<String> jvm = new ArrayList<>();
        jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        jvm.add("-Djdk.net.hosts.file=" + network.hostsFile());
        jvm.add("-Djava.io.tmpdir=" + tmp);
        Path workDir = Path.of(paths.path(SparkImage.SPARK_HOME + "/work-dir"));
        List<String> rest = args.subList(1, args.size());
        List<String> command = "driver".equals(args.get(0))
                ? driver(jvm, rest, env, paths, image, network, podDir)
                : executor(jvm, rest, env, paths);
        return new SparkCommand(command, env, workDir);
    }

    private static List<String> driver(List<String> jvm, List<String> args, Map<String, String> env, PathMap paths,
                                       SparkImage image, Network network, Path podDir)
            throws PodRejected, IOException {
        List<String> mapped = new ArrayList<>();
        Properties conf = new Properties();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ("--properties-file".equals(arg) && i + 1 < args.size()) {
                String file = args.get(++i);
                mapped.add(arg);
                mapped.add(mappedProperties(file, paths, podDir, conf).toString());
            } else if ("--conf".equals(arg) && i + 1 < args.size()) {
                String kv = args.get(++i);
                int eq = kv.indexOf('=');
                mapped.add(arg);
                mapped.add(eq < 0 || keptAsIs(kv.substring(0, eq)) ? kv
                        : kv.substring(0, eq + 1) + paths.value(kv.substring(eq + 1)));
            } else {
                mapped.add(paths.value(arg));
            }
        }
        refusePython(conf, args);
        List<String> command = new ArrayList<>(jvm);
        // What Spark's launcher (SparkSubmitCommandBuilder, client mode) adds from the properties file.
        command.add("-Xmx" + conf.getProperty("spark.driver.memory", env.getOrDefault("SPARK_DRIVER_MEMORY", "1g")));
        command.addAll(image.javaModuleOptions());
        String extra = conf.getProperty("spark.driver.extraJavaOptions");
        if (extra != null && !extra.isBlank()) {
            for (String option : extra.trim().split("\\s+")) {
                command.add(paths.value(option));
            }
        }
        command.add("-cp");
        command.add(classpath(env, paths, conf.getProperty("spark.driver.extraClassPath")));
        command.add(DRIVER_MAIN);
        String bind = env.getOrDefault("SPARK_DRIVER_BIND_ADDRESS", PodEnvironment.POD_IP);
        addConf(command, "spark.driver.bindAddress", bind);
        command.add("--deploy-mode");
        command.add("client");
        // kube-proxy's part: kubernetes.default.svc:443 is the API server on this machine.
        addConf(command, "spark.kubernetes.driver.master", network.apiServer());
        // Ports of this machine, so that two drivers can run at once; executors learn the driver's from Spark,
        // and pick their block manager port freely (0).
        addConf(command, "spark.driver.port", String.valueOf(network.ports().get(0)));
        addConf(command, "spark.driver.blockManager.port", String.valueOf(network.ports().get(1)));
        addConf(command, "spark.ui.port", String.valueOf(network.ports().get(2)));
        addConf(command, "spark.blockManager.port", "0");
        command.addAll(mapped);
        return command;
    }

    private static List<String> executor(List<String> jvm, List<String> args, Map<String, String> env,
                                         PathMap paths) throws PodRejected {
        for (String name : EXECUTOR_ENV) {
            if (!env.containsKey(name) || env.get(name).isBlank()) {
                throw new PodRejected("CreateContainerConfigError", "the executor container has no " + name
                        + ", which the Spark image's entrypoint needs to start KubernetesExecutorBackend");
            }
        }
        List<String> command = new ArrayList<>(jvm);
        env.entrySet().stream().filter(e -> e.getKey().startsWith("SPARK_JAVA_OPT_"))
                .sorted(Comparator.comparingLong(e -> order(e.getKey())))
                .forEach(e -> command.add(e.getValue()));
        command.add("-Xms" + env.get("SPARK_EXECUTOR_MEMORY"));
        command.add("-Xmx" + env.get("SPARK_EXECUTOR_MEMORY"));
        command.add("-cp");
        command.add(classpath(env, paths, env.get("SPARK_EXTRA_CLASSPATH")));
        command.add(EXECUTOR_MAIN);
        command.addAll(List.of("--driver-url", env.get("SPARK_DRIVER_URL"),
                "--executor-id", env.get("SPARK_EXECUTOR_ID"),
                "--cores", env.get("SPARK_EXECUTOR_CORES"),
                "--app-id", env.get("SPARK_APPLICATION_ID"),
                "--hostname", env.get("SPARK_EXECUTOR_POD_IP"),
                "--resourceProfileId", env.get("SPARK_RESOURCE_PROFILE_ID"),
                "--podName", env.get("SPARK_EXECUTOR_POD_NAME")));
        command.addAll(args);
        return command;
    }

    /**
     * PySpark needs the Python half of a Spark distribution (python/lib/pyspark.zip and py4j), which Maven Central
     * does not publish, and a Python: neither is in the Spark runtime the kubelet runs, so such a driver is
     * refused with that reason rather than left to fail somewhere inside spark-submit.
     */
    private static void refusePython(Properties conf, List<String> args) throws PodRejected {
        boolean python = "python".equals(conf.getProperty("spark.kubernetes.resource.type"))
                || args.stream().anyMatch(a -> a.endsWith(".py") && !a.startsWith("-"));
        if (python) {
            String interpreter = onPath("python3") ? "python3 is installed, but " : "no python3 is installed, and ";
            throw new PodRejected("UnsupportedCommand", "a PySpark driver: " + interpreter + "the local kubelet's "
                    + "Spark runtime comes from Maven Central, which has no pyspark.zip or py4j; it runs JVM "
                    + "apps (Scala, Java) only");
        }
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    /** The entrypoint's SPARK_CLASSPATH: conf dir, HADOOP_CONF_DIR, the jars, then any extra classpath. */
    private static String classpath(Map<String, String> env, PathMap paths, String extra) {
        Set<String> entries = new LinkedHashSet<>();
        if (extra != null && !extra.isBlank()) {
            for (String e : extra.split(":")) {
                entries.add(paths.value(e));
            }
        }
        entries.add(env.getOrDefault("SPARK_CONF_DIR", paths.path(SparkImage.SPARK_HOME + "/conf")));
        if (env.containsKey("HADOOP_CONF_DIR")) {
            entries.add(env.get("HADOOP_CONF_DIR"));
        }
        entries.add(paths.path(SparkImage.JARS) + "/*");
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * A copy of the driver's properties file with paths into mounts mapped, next to the pod's files; the mount
     * itself stays an exact copy of the ConfigMap. {@code spark.kubernetes.*} values are container paths Spark
     * writes into executor pods, so they are kept as they are.
     */
    private static Path mappedProperties(String file, PathMap paths, Path podDir, Properties conf)
            throws PodRejected, IOException {
        Path local = Path.of(paths.path(file));
        if (!Files.isRegularFile(local)) {
            throw new PodRejected("CreateContainerError", "--properties-file " + file
                    + " is in none of the pod's mounts: the driver would not find it");
        }
        try (InputStream in = Files.newInputStream(local)) {
            conf.load(in);
        }
        Properties mapped = new Properties();
        conf.forEach((k, v) -> mapped.put(k, keptAsIs((String) k) ? v : paths.value((String) v)));
        Path copy = Files.createDirectories(podDir.resolve("kubelet")).resolve("spark.properties");
        try (OutputStream out = Files.newOutputStream(copy)) {
            mapped.store(out, "mapped by sparkgate's local kubelet from " + file);
        }
        return copy;
    }

    private static boolean keptAsIs(String key) {
        return SPARK_KEYS_KEPT.stream().anyMatch(key::startsWith);
    }

    private static void addConf(List<String> command, String key, String value) {
        command.add("--conf");
        command.add(key + "=" + value);
    }

    private static long order(String name) {
        try {
            return Long.parseLong(name.substring("SPARK_JAVA_OPT_".length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
