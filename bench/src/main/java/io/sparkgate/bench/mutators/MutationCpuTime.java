package io.sparkgate.bench.mutators;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * CPU time per operation of {@link PodMutationBenchmark}'s operations, measured with the thread's CPU clock
 * rather than the wall clock, so the figure stays meaningful on a machine shared with other work (where JMH's
 * wall-clock average mostly measures waiting for a core). Run after the JIT has warmed up; prints µs/op.
 */
public final class MutationCpuTime {
    private MutationCpuTime() {
    }

    /** Runs each operation {@code args[0]} times (default 200,000) after as many warm-up runs. */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        PodMutationBenchmark b = new PodMutationBenchmark();
        b.setUp();
        report("mutate (chain + PatchDiff)", n, b::mutate);
        report("diff: PatchDiff", n, b::diffPatchDiff);
        report("diff: json-patch JsonDiff", Math.max(1, n / 20), b::diffJsonDiff);
    }

    private static void report(String name, int n, Supplier<Object> op) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Object sink = null;
        for (int i = 0; i < n; i++) {
            sink = op.get();
        }
        for (int round = 0; round < 3; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink = op.get();
            }
            double micros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / n;
            System.out.printf(Locale.ROOT, "%-28s round %d: %8.2f us/op CPU (%d ops)%n", name, round, micros, n);
        }
        if (sink == null) {
            throw new IllegalStateException("no result");
        }
    }
}
