package io.sparkgate.bench.server;

import io.sparkgate.webhook.admission.AdmissionWarmup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU time of one admission (decode, decide, encode: everything but HTTP and TLS) of each of the warm-up's rich-app
 * reviews, through the production handlers, measured on the thread's CPU clock so that the figure means the same on
 * a machine shared with other work. It is the load-insensitive counterpart of the h2load runs of issue 16: a change
 * to the admission path is compared by running this before and after it (prepend the old jar to the classpath).
 *
 * <p>Usage: {@code AdmissionCpuTime [ops=100000] [rounds=5] [review]}; prints µs/op per review and round, then the
 * median. With {@code review} (0-based, the order printed) only that review is timed, e.g. to profile one of them.
 */
public final class AdmissionCpuTime {
    private AdmissionCpuTime() {
    }

    /** Warms each review {@code ops} times, then times {@code rounds} rounds of {@code ops}. */
    public static void main(String[] args) {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int only = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        AdmissionWarmup.Rig rig = AdmissionWarmup.Rig.create();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < rig.reviews(); i++) {
            sink += rig.roundTrip(i, true).length;
        }
        for (int i = 0; i < rig.reviews(); i++) {
            if (only >= 0 && i != only) {
                continue;
            }
            for (int n = 0; n < ops; n++) {
                sink += rig.roundTrip(i, false).length;
            }
            double[] micros = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int n = 0; n < ops; n++) {
                    sink += rig.roundTrip(i, false).length;
                }
                micros[round] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / ops;
            }
            java.util.Arrays.sort(micros);
            System.out.printf(Locale.ROOT, "%-40s %8.1f us/op CPU (median of %d rounds of %d; min %.1f, max %.1f)%n",
                    rig.describe(i), micros[rounds / 2], rounds, ops, micros[0], micros[rounds - 1]);
        }
        if (sink == 0) {
            throw new IllegalStateException("no responses");
        }
    }
}
