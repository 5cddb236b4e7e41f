package io.sparkgate.informers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the API server for {@code /version} (readable by every client, cheap) and reports whether any answer came
 * within the timeout. Any HTTP status counts: the point is that the server answers, since a hung one leaves
 * watches open and silent and only a request shows it.
 */
class ApiProbe {
    private final KubernetesClient client;
    private final Duration timeout;

    ApiProbe(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Empty when the server answered; otherwise why not. */
    Optional<String> unanswered() {
        HttpClient http = client.getHttpClient();
        String base = client.getConfiguration().getMasterUrl();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(base + (base.endsWith("/") ? "" : "/") + "version")
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, String.class);
        try {
            HttpResponse<String> response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return response.code() > 0 ? Optional.empty() : Optional.of("no HTTP status");
        } catch (TimeoutException e) {
            answer.cancel(true);
            return Optional.of("no answer from " + base + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
