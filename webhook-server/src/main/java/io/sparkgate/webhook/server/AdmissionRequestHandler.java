package io.sparkgate.webhook.server;

import io.sparkgate.webhook.admission.AdmissionCall;
import io.sparkgate.webhook.admission.AdmissionCodec;
import io.sparkgate.webhook.admission.AdmissionHandler;
import io.sparkgate.webhook.admission.AdmissionMetrics;
import io.sparkgate.webhook.admission.AdmissionOutcome;
import io.sparkgate.webhook.admission.DecisionPool;
import io.sparkgate.webhook.admission.InvalidAdmissionReview;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP side of admission: routes a POST to its {@link AdmissionHandler}, enforces the body limit (413) and the
 * body deadline (408, connection closed), answers bodies that are not AdmissionReviews with 400 and a JSON error,
 * and writes the handler's outcome. Bodies are read and answers written on the event loop; decoding and deciding
 * run on the {@link DecisionPool}, under the decision deadline of {@link WebhookConfig.Limits}.
 */
final class AdmissionRequestHandler implements Handler<HttpServerRequest> {
    /** The trivial endpoint of the benchmark baseline. */
    static final String BENCH_PATH = "/bench/noop";

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionRequestHandler.class);
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    private final Vertx vertx;
    private final Map<String, AdmissionHandler> handlers;
    private final AdmissionCodec codec;
    private final AdmissionMetrics metrics;
    private final WebhookConfig config;
    private final DecisionPool pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final byte[] benchAnswer;
    private volatile boolean draining;

    AdmissionRequestHandler(Vertx vertx, Map<String, AdmissionHandler> handlers, AdmissionCodec codec,
                            AdmissionMetrics metrics, WebhookConfig config, DecisionPool pool) {
        this.vertx = vertx;
        this.handlers = Map.copyOf(handlers);
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
        this.pool = pool;
        this.benchAnswer = codec.encode("bench", new AdmissionOutcome.Allowed(List.of()));
    }

    /** Requests received and not yet answered. */
    int inFlight() {
        return inFlight.get();
    }

    /** From now on every response asks the client to close its connection, so it reconnects elsewhere. */
    void drain() {
        draining = true;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        AdmissionHandler handler = handlers.get(path);
        boolean bench = handler == null && config.benchEndpoint() && BENCH_PATH.equals(path);
        Exchange exchange = new Exchange(request, handler == null && !bench ? "unknown" : path, handler);
        if (handler == null && !bench) {
            exchange.reject(404, "not_found", "no admission endpoint at " + path + "; the endpoints are "
                    + String.join(", ", handlers.keySet()), Close.NO);
        } else if (request.method() != HttpMethod.POST) {
            request.response().putHeader(HttpHeaders.ALLOW, "POST");
            exchange.reject(405, "method", request.method() + " is not allowed: admission endpoints take POST",
                    Close.NO);
        } else {
            exchange.receive();
        }
    }

    /** One request: reads its body within the limits, then decides and answers it exactly once. */
    private final class Exchange {
        private final HttpServerRequest request;
        private final String endpoint;
        private final AdmissionHandler handler;
        private final Context context;
        private Buffer body;
        private long timer = -1;
        private boolean answered;
        private boolean finished;
        private boolean inMdc;
        /** The decoded review, set by the worker; the deadline's fallback needs it. */
        private volatile AdmissionCall decoded;

        Exchange(HttpServerRequest request, String endpoint, AdmissionHandler handler) {
            this.request = request;
            this.endpoint = endpoint;
            this.handler = handler;
            this.context = vertx.getOrCreateContext();
            inFlight.incrementAndGet();
            request.response().closeHandler(v -> done());
        }

        void receive() {
            long declared = declaredLength();
            body = Buffer.buffer(declared > 0 && declared <= config.maxBodyBytes() ? (int) declared : 4096);
            timer = vertx.setTimer(config.bodyTimeout().toMillis(), id -> {
                timer = -1;
                if (answered) {
                    request.connection().close(); // a 413 whose body never ended: stop swallowing it
                } else {
                    reject(408, "body_timeout", "the request body did not arrive within "
                            + config.bodyTimeout().toMillis() + " ms", Close.NOW);
                }
            });
            request.handler(chunk -> {
                if (answered) {
                    return; // swallowed: the 413 is sent, the connection closes at the end of the body
                }
                if (body.length() + chunk.length() > config.maxBodyBytes()) {
                    tooLarge(body.length() + chunk.length());
                } else {
                    body.appendBuffer(chunk);
                }
            });
            request.endHandler(v -> {
                if (answered) {
                    request.connection().close();
                    return;
                }
                cancelTimer();
                dispatch();
            });
            request.exceptionHandler(e -> reject(400, "broken", "the request could not be read: " + e.getMessage(),
                    Close.NOW));
            if (declared > config.maxBodyBytes()) {
                tooLarge(declared);
            }
        }

        private long declaredLength() {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null) {
                return -1;
            }
            try {
                return Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /**
         * Answers 413 at once but closes only when the client has sent its body (or the body deadline passes):
         * closing a socket with unread data resets it, and the client would never read the 413.
         */
        private void tooLarge(long size) {
            body = null;
            reject(413, "too_large", "the request body of " + size + " bytes is over the limit of "
                    + config.maxBodyBytes() + " bytes", Close.AFTER_BODY);
        }

        /**
         * Hands the body to the decision pool and arms the decision deadline. Only reading and answering happen on
         * the event loop: decoding, policy and mutation run on a worker, so one slow review holds one worker.
         */
        private void dispatch() {
            if (handler == null) {
                write(200, benchAnswer, Close.NO);
                return;
            }
            long start = System.nanoTime();
            byte[] bytes = body.getBytes();
            body = null;
            long deadline = config.limits().decisionDeadline().toMillis();
            timer = vertx.setTimer(deadline, id -> {
                timer = -1;
                missed(deadline, start);
            });
            try {
                pool.execute(() -> decide(bytes, start));
            } catch (RejectedExecutionException e) {
                reject(503, "overloaded", "sparkgate is deciding as many reviews as it can queue: retry", Close.NO);
            }
        }

        /** On a worker: decodes and decides, then answers on the event loop. */
        private void decide(byte[] bytes, long start) {
            AdmissionCall call;
            try {
                call = codec.decode(bytes);
            } catch (InvalidAdmissionReview e) {
                onLoop(() -> reject(400, e.reason(), e.getMessage(), Close.NO));
                return;
            } catch (RuntimeException | StackOverflowError e) {
                // Never leave a request unanswered: the client would wait out its timeout on a dropped request.
                LOG.error("could not decode a request to {}", endpoint, e);
                onLoop(() -> write(500, codec.error("sparkgate could not read this request: "
                        + e.getClass().getSimpleName()), Close.NO));
                return;
            }
            decoded = call;
            CompletionStage<AdmissionOutcome> decided;
            // The handler's own log lines (policy violations) carry the request's MDC too.
            putMdc(call);
            try {
                decided = Objects.requireNonNull(handler.handle(call), "the handler returned no stage");
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                // A bug thrown before the stage (an Error too, which would only be logged): still one 500.
                onLoop(() -> answer(call, null, e, start));
                return;
            } finally {
                clearMdc();
            }
            decided.whenComplete((outcome, failure) -> onLoop(() -> answer(call, outcome, failure, start)));
        }

        private void onLoop(Runnable action) {
            context.runOnContext(v -> action.run());
        }

        /**
         * The decision deadline passed: the handler's fallback answers (a denial for validation, an unchanged
         * admission with a warning for mutation); its late outcome is dropped. Before the review is even decoded,
         * a 500 lets the API server apply the webhook's failurePolicy.
         */
        private void missed(long deadline, long start) {
            if (answered) {
                return;
            }
            metrics.deadlineMissed(endpoint);
            String message = "sparkgate did not decide this request within its " + deadline + " ms deadline";
            AdmissionCall call = decoded;
            if (call == null) {
                LOG.warn("{} on {}: not yet decoded", message, endpoint);
                write(500, codec.error(message), Close.NO);
                return;
            }
            withMdc(call, () -> LOG.warn("{} on {}: answered by its fallback", message, endpoint));
            answer(call, handler.fallback(call, 504, "Timeout", message), null, start);
        }

        private void answer(AdmissionCall call, AdmissionOutcome outcome, Throwable decided, long start) {
            if (answered) {
                return; // the deadline answered first
            }
            withMdc(call, () -> {
                Throwable failure = decided != null || outcome != null ? decided
                        : new IllegalStateException("the handler completed without an outcome");
                byte[] response = null;
                if (failure == null) {
                    try {
                        response = codec.encode(call.uid(), outcome);
                    } catch (RuntimeException e) {
                        // Thrown here it would vanish into the stage's whenComplete: the request never answered.
                        failure = e;
                    }
                }
                if (failure != null) {
                    // An internal error answers 500 so the API server applies the webhook's failurePolicy.
                    LOG.error("admission failed on {}", endpoint, failure);
                    metrics.admitted(endpoint, call.operation(), "error", System.nanoTime() - start);
                    write(500, codec.error("sparkgate could not decide this request: " + failure.getClass()
                            .getSimpleName()), Close.NO);
                    return;
                }
                metrics.admitted(endpoint, call.operation(), outcome.result(), System.nanoTime() - start);
                log(outcome);
                write(200, response, Close.NO);
            });
        }

        private void log(AdmissionOutcome outcome) {
            if (outcome instanceof AdmissionOutcome.Denied d) {
                LOG.info("denied ({}): {}", d.code(), d.message());
            } else if (outcome instanceof AdmissionOutcome.Skipped s) {
                LOG.debug("skipped: {}", s.why());
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("{} with {} warning(s)", outcome.result(), outcome.warnings().size());
            }
        }

        void reject(int status, String reason, String message, Close close) {
            if (answered) {
                return;
            }
            metrics.rejected(endpoint, reason);
            LOG.info("rejected request to {} from {}: {} {}", request.path(), request.remoteAddress(), status, message);
            write(status, codec.error(message), close);
        }

        private void write(int status, byte[] json, Close close) {
            if (answered) {
                return;
            }
            answered = true;
            if (close != Close.AFTER_BODY) {
                cancelTimer();
            }
            if (request.response().closed()) {
                done();
                return;
            }
            var response = request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
            if (close != Close.NO || draining) {
                response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            }
            response.end(Buffer.buffer(json)).onComplete(ar -> {
                if (close == Close.NOW || (close == Close.AFTER_BODY && request.isEnded())) {
                    request.connection().close();
                }
                done();
            });
        }

        /**
         * Runs {@code action} with the request's MDC (uid, object, operation, role). A decision that completes at
         * once is answered inside {@link #dispatch}'s MDC, which is then kept rather than set a second time.
         */
        private void withMdc(AdmissionCall call, Runnable action) {
            if (inMdc) {
                action.run();
                return;
            }
            inMdc = true;
            putMdc(call);
            try {
                action.run();
            } finally {
                clearMdc();
                inMdc = false;
            }
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        private void done() {
            if (!finished) {
                finished = true;
                inFlight.decrementAndGet();
            }
        }
    }

    private static void putMdc(AdmissionCall call) {
        MDC.put("uid", call.uid());
        MDC.put("object", call.namespace().isEmpty() ? call.name() : call.namespace() + "/" + call.name());
        MDC.put("operation", call.operation());
        MDC.put("role", call.roleForLogs());
    }

    private static void clearMdc() {
        MDC.remove("uid");
        MDC.remove("object");
        MDC.remove("operation");
        MDC.remove("role");
    }

    /** When to close the connection after an answer. */
    private enum Close {
        /** Keep it alive (unless draining). */
        NO,
        /** Close once the client has sent the rest of its body, or at the body deadline. */
        AFTER_BODY,
        /** Close right after the answer (a stalled client). */
        NOW
    }
}
