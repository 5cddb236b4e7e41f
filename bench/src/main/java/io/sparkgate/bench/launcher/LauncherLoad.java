package io.sparkgate.bench.launcher;

import com.sun.management.OperatingSystemMXBean;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.launcher.SubmissionBuilder;
import io.sparkgate.launcher.SubmissionObjects;
import io.sparkgate.launcher.SubmissionResult;
import io.sparkgate.launcher.Submitter;
import io.sparkgate.launcher.spark.RunIds;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Builds and submits apps on a pool of threads, timing the run by the wall clock and the launcher's own work by
 * the CPU clock of the threads that build and submit (the client's serialisation included; its I/O threads and
 * the server's are not), and the whole process by its CPU clock (server, client I/O, GC and JIT included).
 */
final class LauncherLoad {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LauncherLoad() {
    }

    /**
     * What one run measured.
     *
     * @param ok             apps submitted
     * @param wallSeconds    wall time of the whole run
     * @param buildCpuMicros CPU µs per app spent building, on the submitting threads
     * @param submitCpuMicros CPU µs per app spent in {@link Submitter#submit}, on the submitting threads
     * @param processCpuMicros CPU µs per app of the whole process
     * @param firstQuarterRate apps/s over the first quarter of completions (an empty store)
     * @param lastQuarterRate  apps/s over the last quarter (a store holding ¾ of the run's objects)
     */
    record Result(int ok, double wallSeconds, double buildCpuMicros, double submitCpuMicros, double processCpuMicros,
                  double firstQuarterRate, double lastQuarterRate) {

        /** Apps per second, wall clock. */
        double rate() {
            return ok / wallSeconds;
        }

        /** The figures on one line. */
        String describe() {
            return String.format(Locale.ROOT, "%d ok in %.2f s = %.1f apps/s wall (first quarter %.1f, last quarter "
                    + "%.1f apps/s); CPU per app: build %.0f us + submit %.0f us on the launcher threads, "
                    + "%.0f us for the whole process", ok, wallSeconds, rate(), firstQuarterRate, lastQuarterRate,
                    buildCpuMicros, submitCpuMicros, processCpuMicros);
        }
    }

    /** Builds and submits every app, {@code threads} at a time. */
    static Result run(SubmissionBuilder builder, Submitter submitter, List<SparkApplication> apps, int threads)
            throws Exception {
        LongAdder buildCpu = new LongAdder();
        LongAdder submitCpu = new LongAdder();
        long[] doneAt = new long[apps.size()];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long process0 = processCpuNanos();
        long t0 = System.nanoTime();
        try {
            List<Future<SubmissionResult>> results = new ArrayList<>();
            for (SparkApplication app : apps) {
                results.add(pool.submit(() -> {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    String sid = UUID.randomUUID().toString();
                    SubmissionObjects objects = builder.build(app, sid, RunIds.appIdFor(sid));
                    long c1 = THREADS.getCurrentThreadCpuTime();
                    SubmissionResult result = submitter.submit(objects);
                    submitCpu.add(THREADS.getCurrentThreadCpuTime() - c1);
                    buildCpu.add(c1 - c0);
                    doneAt[done.getAndIncrement()] = System.nanoTime();
                    return result;
                }));
            }
            int ok = 0;
            for (Future<SubmissionResult> f : results) {
                SubmissionResult r = f.get();
                if (r.succeeded()) {
                    ok++;
                } else {
                    System.err.println("failed: " + r);
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            int n = apps.size();
            double perApp = 1e3 * n;
            return new Result(ok, wall, buildCpu.sum() / perApp, submitCpu.sum() / perApp,
                    (processCpuNanos() - process0) / perApp, quarterRate(doneAt, t0, 0), quarterRate(doneAt, t0, 3));
        } finally {
            pool.shutdown();
        }
    }

    /** Builds every app on the calling thread; returns the CPU µs per app. */
    static double buildOnly(SubmissionBuilder builder, List<SparkApplication> apps) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (SparkApplication app : apps) {
            String sid = UUID.randomUUID().toString();
            builder.build(app, sid, RunIds.appIdFor(sid));
        }
        return (THREADS.getCurrentThreadCpuTime() - c0) / 1e3 / apps.size();
    }

    // Apps per second over one quarter (0 = first, 3 = last) of the completions, in completion order.
    private static double quarterRate(long[] doneAt, long t0, int quarter) {
        int q = doneAt.length / 4;
        if (q == 0) {
            return Double.NaN;
        }
        long from = quarter == 0 ? t0 : doneAt[quarter * q - 1];
        long to = doneAt[(quarter + 1) * q - 1];
        return q / ((to - from) / 1e9);
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
