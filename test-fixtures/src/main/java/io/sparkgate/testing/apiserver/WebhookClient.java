package io.sparkgate.testing.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.sparkgate.api.Json;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Calls one webhook the way kube-apiserver does: HTTPS POST of an AdmissionReview v1, the server certificate
 * verified against the webhook's caBundle and its hostname ({@code <service>.<namespace>.svc} for a service
 * reference), a {@code ?timeout=} hint and a hard deadline of timeoutSeconds. Service names resolve to
 * 127.0.0.1 through {@link ServiceRoutes}. Never completes exceptionally: every problem is a
 * {@link WebhookResult.Failed} worded like kube-apiserver's errors.
 */
final class WebhookClient implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookClient.class);
    private static final int MAX_CLIENTS = 32;
    private static final String REVIEW_API_VERSION = "admission.k8s.io/v1";

    private final Vertx vertx;
    private final ServiceRoutes routes;
    // One client per caBundle: trust is fixed per client in Vert.x 4, and rotations add a bundle at a time.
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    // Writes are admitted on worker threads; a Vert.x request made there is bound to that worker context, where a
    // response can be delivered before compose() has attached its body handler, and the body is then lost (an empty
    // 200). Every call therefore starts on this event-loop context, as kube-apiserver's client owns its connections.
    private final Context eventLoop;

    WebhookClient(Vertx vertx, ServiceRoutes routes) {
        this.vertx = vertx;
        this.routes = routes;
        CompletableFuture<Context> ready = new CompletableFuture<>();
        vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start() {
                ready.complete(context);
            }
        }).onFailure(ready::completeExceptionally);
        this.eventLoop = ready.join();
    }

    private record Target(String url, String host, int port, String uri, SocketAddress server) {
    }

    /** Calls the webhook with the request as it stands; completes within the webhook's timeout. */
    CompletableFuture<WebhookResult> call(Webhook webhook, ObjectNode request) {
        Target target;
        HttpClient client;
        try {
            target = target(webhook);
            client = client(webhook.clientConfig().getCaBundle());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new WebhookResult.Failed("failed to call webhook: " + e.getMessage()));
        }
        ObjectNode review = Json.mapper().createObjectNode();
        review.put("apiVersion", REVIEW_API_VERSION).put("kind", "AdmissionReview").set("request", request);
        long timeoutMillis = TimeUnit.SECONDS.toMillis(webhook.timeoutSeconds());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setHost(target.host()).setPort(target.port()).setURI(target.uri())
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
        if (target.server() != null) {
            options.setServer(target.server());
        }
        String uid = request.path("uid").asText();
        // Serialised here, on the caller's worker thread, straight to UTF-8: the event loop only does I/O.
        Buffer sent = Buffer.buffer(utf8(review));
        CompletableFuture<WebhookResult> result = new CompletableFuture<>();
        eventLoop.runOnContext(v -> client.request(options)
                .compose(req -> req.send(sent))
                .compose(resp -> resp.body().map(body -> interpret(resp.statusCode(), body, uid)))
                .onSuccess(result::complete)
                .onFailure(e -> result.complete(new WebhookResult.Failed(
                        "failed to call webhook: Post \"" + target.url() + "\": " + describe(e, target)))));
        return result.completeOnTimeout(new WebhookResult.Failed(
                "failed to call webhook: Post \"" + target.url() + "\": context deadline exceeded"),
                timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private Target target(Webhook webhook) {
        WebhookClientConfig config = webhook.clientConfig();
        String timeout = "timeout=" + webhook.timeoutSeconds() + "s";
        ServiceReference service = config == null ? null : config.getService();
        if (service != null) {
            int port = Objects.requireNonNullElse(service.getPort(), 443);
            String host = service.getName() + "." + service.getNamespace() + ".svc";
            String path = Objects.requireNonNullElse(service.getPath(), "/");
            String uri = path + (path.contains("?") ? "&" : "?") + timeout;
            String url = "https://" + host + ":" + port + uri;
            int local = routes.localPort(service.getNamespace(), service.getName(), port)
                    .orElseThrow(() -> new IllegalArgumentException("Post \"" + url
                            + "\": no endpoints available for service \"" + service.getName() + "\""));
            return new Target(url, host, port, uri, SocketAddress.inetSocketAddress(local, "127.0.0.1"));
        }
        if (config == null || config.getUrl() == null) {
            throw new IllegalArgumentException("webhook has neither clientConfig.service nor clientConfig.url");
        }
        URI url = URI.create(config.getUrl());
        if (!"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("clientConfig.url must use https: " + config.getUrl());
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String uri = path + "?" + (url.getRawQuery() == null ? "" : url.getRawQuery() + "&") + timeout;
        int port = url.getPort() < 0 ? 443 : url.getPort();
        return new Target(config.getUrl(), url.getHost(), port, uri, null);
    }

    private HttpClient client(String caBundle) {
        String key = caBundle == null ? "" : caBundle;
        HttpClient existing = clients.get(key);
        if (existing != null) {
            return existing;
        }
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true).setForceSni(true)
                .setKeepAlive(true).setMaxPoolSize(64);
        if (!key.isEmpty()) {
            String pem;
            try {
                pem = new String(Base64.getMimeDecoder().decode(key), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("clientConfig.caBundle is not base64: " + e.getMessage());
            }
            options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem)));
        }
        if (clients.size() >= MAX_CLIENTS) {
            clients.values().forEach(HttpClient::close);
            clients.clear();
        }
        return clients.computeIfAbsent(key, k -> vertx.createHttpClient(options));
    }

    private static byte[] utf8(ObjectNode review) {
        try {
            return Json.mapper().writeValueAsBytes(review);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WebhookResult interpret(int status, Buffer body, String uid) {
        if (status != 200) {
            return new WebhookResult.Failed("failed to call webhook: the server responded with status code " + status);
        }
        JsonNode review;
        try {
            review = Json.mapper().readTree(body.getBytes());
        } catch (java.io.IOException e) {
            return new WebhookResult.Failed("received invalid webhook response: " + e.getMessage());
        }
        if (!REVIEW_API_VERSION.equals(review.path("apiVersion").asText())
                || !"AdmissionReview".equals(review.path("kind").asText())) {
            LOG.warn("webhook answered HTTP {} with a body that is not an AdmissionReview ({} bytes): {}", status,
                    body.length(), body.length() > 300 ? body.getString(0, 300) + "..." : body.toString());
            return new WebhookResult.Failed("expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got "
                    + review.path("apiVersion").asText() + ", Kind=" + review.path("kind").asText());
        }
        JsonNode response = review.path("response");
        if (!response.isObject()) {
            return new WebhookResult.Failed("webhook response was absent");
        }
        if (!uid.equals(response.path("uid").asText())) {
            return new WebhookResult.Failed("expected response.uid=\"" + uid + "\", got \""
                    + response.path("uid").asText() + "\"");
        }
        return AdmissionResponses.read(response);
    }

    // Worded like Go's net/http and crypto/tls errors in kube-apiserver's messages, with Java's root cause.
    private static String describe(Throwable e, Target target) {
        Throwable root = e;
        boolean tls = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                SocketAddress server = target.server();
                String address = server == null ? target.host() + ":" + target.port()
                        : server.host() + ":" + server.port();
                return "dial tcp " + address + ": connect: connection refused";
            }
            tls |= t instanceof SSLException;
            root = t;
        }
        return tls ? "tls: failed to verify certificate: " + root.getMessage() : String.valueOf(e.getMessage());
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }
}
