package org.apache.spark.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * sparkgate's stand-in for the image's {@code /opt/spark/examples/jars/spark-examples.jar} SparkPi (Spark does not
 * publish spark-examples to Maven Central): the same Monte Carlo estimate over {@code slices} tasks of 100,000
 * samples, the same output line, so {@code examples/spark-pi.yaml} runs unchanged on the local kubelet. Written on
 * {@link JavaSparkContext} alone, so it needs no spark-sql on the classpath.
 */
public final class SparkPi {

    private static final int SAMPLES_PER_SLICE = 100_000;

    private SparkPi() {
    }

    /** Estimates Pi; the optional argument is the number of slices (tasks), 2 by default. */
    public static void main(String[] args) {
        int slices = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        List<Integer> tasks = new ArrayList<>(slices);
        for (int i = 0; i < slices; i++) {
            tasks.add(i);
        }
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("Spark Pi"))) {
            // One task per slice, each drawing its samples itself: the driver holds slices numbers, not samples.
            long inside = spark.parallelize(tasks, slices).map(slice -> inCircle(SAMPLES_PER_SLICE))
                    .reduce(Long::sum);
            System.out.println("Pi is roughly " + 4.0 * inside / ((long) SAMPLES_PER_SLICE * slices));
        }
    }

    private static long inCircle(int samples) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long inside = 0;
        for (int i = 0; i < samples; i++) {
            double x = random.nextDouble() * 2 - 1;
            double y = random.nextDouble() * 2 - 1;
            if (x * x + y * y <= 1) {
                inside++;
            }
        }
        return inside;
    }
}
