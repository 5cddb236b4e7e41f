package io.sparkgate.sparkjobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Load in waves with idle gaps, for dynamic allocation: each wave is a backlog of slow tasks (executors are
 * added), each gap longer than the idle timeout (executors are removed). Arguments: waves, tasks per wave,
 * milliseconds per task, milliseconds of each gap.
 */
public final class Waves {

    private Waves() {
    }

    /** Runs the waves and prints one line per wave. */
    public static void main(String[] args) throws InterruptedException {
        int waves = Integer.parseInt(args[0]);
        int tasks = Integer.parseInt(args[1]);
        long taskMillis = Long.parseLong(args[2]);
        long gapMillis = Long.parseLong(args[3]);
        List<Integer> work = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            work.add(i);
        }
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("sparkgate waves"))) {
            for (int wave = 1; wave <= waves; wave++) {
                long done = spark.parallelize(work, tasks).map(i -> {
                    Thread.sleep(taskMillis);
                    return i;
                }).count();
                System.out.println("wave " + wave + " ran " + done + " tasks");
                if (wave < waves) {
                    Thread.sleep(gapMillis);
                }
            }
        }
    }
}
