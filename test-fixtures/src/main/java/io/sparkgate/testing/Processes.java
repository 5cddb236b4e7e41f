package io.sparkgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as a user would type it (kubectl, the built {@code sparkgate.jar}) and keeps what it printed, for
 * the tests that drive real binaries: both streams are read while it runs, so a chatty process never blocks.
 */
public final class Processes {
    private Processes() {
    }

    /**
     * What a command did.
     *
     * @param code its exit code, -1 when it was killed for outliving its timeout
     * @param out  standard output
     * @param err  standard error (or why it was killed)
     */
    public record Result(int code, String out, String err) {
    }

    /**
     * Runs {@code command} in {@code dir} (null: the current one) with {@code env} added to the environment;
     * a command still running after {@code timeout} is killed and answers -1.
     */
    public static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out.getNow(""), String.join(" ", command) + " did not finish in " + timeout);
            }
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command.get(0) + " ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the output of " + command.get(0), e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
