package io.sparkgate.sparkjobs;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A driver that starts its SparkContext, runs one small job and then exits with the code it is given, as an app
 * that fails after it started: the ITs check that the exit code reaches the pod status and the operator.
 */
public final class ExitWith {

    private ExitWith() {
    }

    /** Runs a job, then exits with {@code args[0]}. */
    public static void main(String[] args) {
        int code = Integer.parseInt(args[0]);
        JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("sparkgate exit-with"));
        long count = spark.parallelize(java.util.List.of(1, 2, 3), 1).count();
        System.out.println("counted " + count + ", exiting " + code);
        spark.stop();
        System.exit(code);
    }
}
