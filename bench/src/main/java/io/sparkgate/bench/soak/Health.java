package io.sparkgate.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The plain-HTTP health port of a sparkgate process: {@code /readyz} and one gauge of {@code /metrics}. */
final class Health {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;

    Health(int port) {
        this.port = port;
    }

    /** True when {@code /readyz} answers 200; false on any other answer or none. */
    boolean ready() {
        try {
            return get("/readyz").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Polls {@code /readyz} every 50 ms until it answers 200 and returns that moment (wall clock, ms); -1 if
     * {@code child} exited first or 15 minutes passed.
     */
    long awaitReady(ChildJvm child) throws InterruptedException, IOException {
        long deadline = System.currentTimeMillis() + 15 * 60_000L;
        while (System.currentTimeMillis() < deadline) {
            if (ready()) {
                return System.currentTimeMillis();
            }
            if (child.restartIfExited()) {
                return -1;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /** The sum of the Prometheus samples named {@code name} (any labels); NaN if there is none or no answer. */
    double gauge(String name) {
        try {
            HttpResponse<String> response = get("/metrics");
            double sum = 0;
            boolean found = false;
            for (String line : response.body().split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? sum : Double.NaN;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
