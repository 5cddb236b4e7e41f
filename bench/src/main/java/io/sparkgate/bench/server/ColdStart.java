package io.sparkgate.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue 16's cold start: how many pods a freshly started webhook admits in each of its first seconds, with and
 * without the production warm-up. For each mode it starts {@link BenchServer} in a new JVM (the same classpath),
 * waits for its port file (written once the server listens, after the warm-up when {@code warm}), then drives
 * {@code h2load} (HTTP/1.1 over TLS, 16 connections, closed loop) at {@code /mutate/pods} with the rich app's driver
 * pod for {@code SECONDS} and prints the requests completed in each second from h2load's per-request log.
 *
 * <p>Usage: {@code ColdStart OUT CLASSPATH [seconds=10]} (h2load on the PATH: Debian's {@code nghttp2-client}).
 */
public final class ColdStart {
    private ColdStart() {
    }

    /** Runs both modes and prints one line per second of each. */
    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        String classpath = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        for (String mode : List.of("cold", "warm")) {
            Path dir = Files.createDirectories(out.resolve(mode));
            Files.deleteIfExists(dir.resolve("port"));
            List<String> command = new ArrayList<>(List.of("java", "-cp", classpath,
                    BenchServer.class.getName(), dir.toString(), "examples", "examples/policies", "0", "ecdsa",
                    Integer.toString(seconds + 60)));
            if (mode.equals("warm")) {
                command.add("warm");
            }
            long launched = System.nanoTime();
            Process server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile()).start();
            try {
                while (!Files.exists(dir.resolve("port"))) {
                    if (!server.isAlive()) {
                        throw new IllegalStateException("the bench server exited: see " + dir.resolve("server.log"));
                    }
                    Thread.sleep(20);
                }
                long ready = System.nanoTime();
                String port = Files.readString(dir.resolve("port")).trim();
                Path log = dir.resolve("h2load.log");
                Process load = new ProcessBuilder("h2load", "--h1", "-c16", "-m1", "-D", Integer.toString(seconds),
                        "--log-file=" + log, "-d", dir.resolve("rich-driver-review.json").toString(), "-H",
                        "content-type: application/json", "https://127.0.0.1:" + port + "/mutate/pods")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("h2load.out").toFile()).start();
                load.waitFor(seconds + 30, TimeUnit.SECONDS);
                System.out.printf("%s: listening %d ms after launch; per second after that: %s%n", mode,
                        TimeUnit.NANOSECONDS.toMillis(ready - launched), perSecond(log));
            } finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Requests completed with status 200 in each second of h2load's log (start µs, status, duration µs). */
    static TreeMap<Long, Integer> perSecond(Path log) throws IOException {
        TreeMap<Long, Integer> buckets = new TreeMap<>();
        long first = Long.MAX_VALUE;
        List<long[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || !f[1].equals("200")) {
                continue;
            }
            long start = Long.parseLong(f[0]);
            rows.add(new long[] {start, Long.parseLong(f[2])});
            first = Math.min(first, start);
        }
        for (long[] r : rows) {
            buckets.merge((r[0] + r[1] - first) / 1_000_000, 1, Integer::sum);
        }
        return buckets;
    }
}
