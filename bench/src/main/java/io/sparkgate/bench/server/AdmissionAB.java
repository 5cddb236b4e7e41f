package io.sparkgate.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 16's before/after comparison of two builds of the webhook on one machine: a {@link BenchServer} of each
 * (given as two classpaths, e.g. a worktree at the old commit and this one), both with the production warm-up, side
 * by side, and rounds that alternate between them so that both see the same machine. Per round and server, for the
 * trivial endpoint, the small app's driver and the rich app's driver and executor, {@code h2load} sends 16,000
 * requests over 16 connections and the server's CPU time (utime + stime of its process) and req/s are read; the
 * summary is the median over the rounds after the first two (JIT warm-up), the ratio to {@code /bench/noop} taken
 * within each round. Then each server gets two paced runs of the rich driver and of the trivial endpoint (20
 * connections × 100/s for 20 s) with p50/p90/p99 from h2load's per-request log.
 *
 * <p>Usage: {@code AdmissionAB OUT CLASSPATH_BEFORE CLASSPATH_AFTER [rounds=8]}, from the repository root (the
 * servers read {@code examples/}); h2load on the PATH (Debian's {@code nghttp2-client}). On a shared machine the
 * spread between rounds is wide: read the figures only next to each other.
 */
public final class AdmissionAB {
    private static final List<String[]> ENDPOINTS = List.of(
            new String[] {"review.json", "/bench/noop"},
            new String[] {"review.json", "/mutate/pods"},
            new String[] {"rich-driver-review.json", "/mutate/pods"},
            new String[] {"rich-executor-review.json", "/mutate/pods"});
    private static final Pattern RPS = Pattern.compile("finished in [^,]+, ([0-9.]+) req/s");
    private static final long TICK_NANOS = 10_000_000; // USER_HZ = 100 on Linux

    private AdmissionAB() {
    }

    /** Runs the rounds and the paced runs and prints one line per measurement, then the summary. */
    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        Map<String, String> classpaths = new LinkedHashMap<>();
        classpaths.put("before", args[1]);
        classpaths.put("after", args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        Map<String, BenchRuns.Server> servers = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        try {
            for (var side : classpaths.entrySet()) {
                dirs.put(side.getKey(), out.resolve(side.getKey()));
                servers.put(side.getKey(), BenchRuns.start(side.getValue(), dirs.get(side.getKey()), 3600, true));
            }
            // side -> endpoint -> per-round {cpu µs, req/s, ratio}
            Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (String side : servers.keySet()) {
                    double noop = 0;
                    for (String[] e : ENDPOINTS) {
                        long pid = servers.get(side).process().pid();
                        long before = cpuTicks(pid);
                        String report = BenchRuns.h2load(dirs.get(side), List.of("--h1", "-c16", "-m1", "-n",
                                "16000", "-d", dirs.get(side).resolve(e[0]).toString(), "-H",
                                "content-type: application/json", "https://127.0.0.1:" + servers.get(side).port()
                                        + e[1]), 120);
                        double cpu = (cpuTicks(pid) - before) * TICK_NANOS / 1e3 / 16_000;
                        Matcher m = RPS.matcher(report);
                        double rps = m.find() ? Double.parseDouble(m.group(1)) : 0;
                        noop = e[1].equals("/bench/noop") ? rps : noop;
                        String key = e[0] + " " + e[1];
                        System.out.printf(Locale.ROOT, "round %d %-6s %-45s %7.1f us CPU %9.0f req/s%n", round, side,
                                key, cpu, rps);
                        if (round > 2) {
                            results.computeIfAbsent(side, k -> new LinkedHashMap<>())
                                    .computeIfAbsent(key, k -> new ArrayList<>())
                                    .add(new double[] {cpu, rps, noop > 0 ? rps / noop : 0});
                        }
                    }
                }
            }
            System.out.println("median of rounds 3.." + rounds + ":");
            results.forEach((side, byEndpoint) -> byEndpoint.forEach((key, rows) -> System.out.printf(Locale.ROOT,
                    "%-6s %-45s %7.1f us CPU %9.0f req/s  %.3f x noop%n", side, key, median(rows, 0),
                    median(rows, 1), median(rows, 2))));
            for (int run = 1; run <= 2; run++) {
                for (String side : servers.keySet()) {
                    for (String[] e : List.of(ENDPOINTS.get(2), ENDPOINTS.get(0))) {
                        Path log = dirs.get(side).resolve("paced.log");
                        Files.deleteIfExists(log);
                        BenchRuns.h2load(dirs.get(side), List.of("--h1", "-c20", "-m1", "--rps=100", "-D", "20",
                                "--warm-up-time", "3", "--log-file=" + log, "-d",
                                dirs.get(side).resolve(e[0]).toString(), "-H", "content-type: application/json",
                                "https://127.0.0.1:" + servers.get(side).port() + e[1]), 120);
                        System.out.printf(Locale.ROOT, "paced %d %-6s %-45s %s%n", run, side, e[0] + " " + e[1],
                                percentiles(log));
                    }
                }
            }
        } finally {
            for (BenchRuns.Server server : servers.values()) {
                server.stop();
            }
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 3.. after "pid (comm) "
    }

    /** p50/p90/p99/max of the 200 answers in h2load's log (start µs, status, duration µs). */
    static String percentiles(Path log) throws IOException {
        long[] ms = BenchRuns.answered(log).stream().mapToLong(r -> r[1]).sorted().toArray();
        if (ms.length == 0) {
            return "no answers";
        }
        return String.format(Locale.ROOT, "%d answers, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms",
                ms.length, ms[ms.length / 2] / 1e3, ms[(int) (ms.length * 0.9)] / 1e3,
                ms[(int) (ms.length * 0.99)] / 1e3, ms[ms.length - 1] / 1e3);
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length == 0 ? 0 : v[v.length / 2];
    }
}
