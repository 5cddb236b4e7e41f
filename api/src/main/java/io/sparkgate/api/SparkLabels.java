package io.sparkgate.api;

/** Label and annotation keys shared by Spark, kubeflow's operator and sparkgate. */
public final class SparkLabels {
    /** Spark's role label: {@code driver} or {@code executor}. */
    public static final String SPARK_ROLE = "spark-role";
    /** Spark's application-id label, on every pod of one run. */
    public static final String SPARK_APP_SELECTOR = "spark-app-selector";
    /** Spark's application-name label (Spark 3.4 and later). */
    public static final String SPARK_APP_NAME = "spark-app-name";
    /** Spark's version label (Spark 3.5 and later). */
    public static final String SPARK_VERSION = "spark-version";
    /** Spark's executor-id label. */
    public static final String SPARK_EXEC_ID = "spark-exec-id";
    /** kubeflow's label naming the SparkApplication a pod belongs to. */
    public static final String APP_NAME = "sparkoperator.k8s.io/app-name";
    /** kubeflow's label marking pods the operator launched. */
    public static final String LAUNCHED_BY_OPERATOR = "sparkoperator.k8s.io/launched-by-spark-operator";
    /** kubeflow's label carrying the submission id of one run. */
    public static final String SUBMISSION_ID = "sparkoperator.k8s.io/submission-id";
    /** Annotation asking for the event log on a PersistentVolumeClaim: its value is the claim's name. */
    public static final String EVENT_LOG_VOLUME = "sparkgate.io/event-log-volume";
    /** Annotation choosing the event-log directory; {@link #DEFAULT_EVENT_LOG_DIR} when absent. */
    public static final String EVENT_LOG_DIR = "sparkgate.io/event-log-dir";
    /** Where the event-log volume is mounted when no directory is given. */
    public static final String DEFAULT_EVENT_LOG_DIR = "/mnt/spark-events";

    private SparkLabels() {
    }
}
