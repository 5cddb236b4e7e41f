package io.sparkgate.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the benches that drive a {@link BenchServer} from outside share: starting one in its own JVM and waiting for
 * its port, running {@code h2load}, and reading h2load's per-request log.
 */
final class BenchRuns {
    private BenchRuns() {
    }

    /** A {@link BenchServer} in its own JVM, its port once it listens (after the warm-up when warm). */
    record Server(Process process, String port, long millisToListen) {
        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts a BenchServer with {@code classpath} writing its files to {@code dir}; waits up to 2 min to listen. */
    static Server start(String classpath, Path dir, int lifetimeSeconds, boolean warm)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path portFile = dir.resolve("port");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of("java", "-cp", classpath, BenchServer.class.getName(),
                dir.toString(), "examples", "examples/policies", "0", "ecdsa", Integer.toString(lifetimeSeconds)));
        if (warm) {
            command.add("warm");
        }
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        long until = launched + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(portFile)) {
            if (!process.isAlive() || System.nanoTime() > until) {
                process.destroy();
                throw new IllegalStateException("the bench server did not start: see " + dir.resolve("server.log"));
            }
            Thread.sleep(20);
        }
        return new Server(process, Files.readString(portFile).trim(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched));
    }

    /** Runs h2load with {@code args}, its output to {@code dir}/h2load.out; returns that output. */
    static String h2load(Path dir, List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("h2load"));
        command.addAll(args);
        Path output = dir.resolve("h2load.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("h2load did not finish in " + timeoutSeconds + " s: " + command);
        }
        return Files.readString(output);
    }

    /**
     * The requests answered 200 in h2load's {@code --log-file} (one line per request: start µs, status, duration
     * µs), as {start µs, duration µs}. h2load appends to the file: delete it before each run.
     */
    static List<long[]> answered(Path log) throws IOException {
        List<long[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("200")) {
                rows.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[2])});
            }
        }
        return rows;
    }
}
