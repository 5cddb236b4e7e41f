package io.sparkgate.certs;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on the serving Secret, so that {@code kubectl describe secret} shows what sparkgate saw and
 * did. The same message is recorded at most once per {@link #REPEAT}; a failure to record is logged, never thrown.
 */
public class CertificateEvents {
    /** Identical events closer together than this are recorded once. */
    static final Duration REPEAT = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(CertificateEvents.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String secretName;
    private final String component;
    private final Clock clock;
    private final Map<String, Instant> recent = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Events about {@code secretName} in {@code namespace}, reported by {@code component} (e.g. the pod name). */
    public CertificateEvents(KubernetesClient client, String namespace, String secretName, String component,
                             Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.secretName = secretName;
        this.component = component;
        this.clock = clock;
    }

    /** A routine step (a renewal, a rollover step). */
    public void normal(String reason, String message) {
        record("Normal", reason, message);
    }

    /** Something found broken or missing. */
    public void warning(String reason, String message) {
        record("Warning", reason, message);
    }

    private void record(String type, String reason, String message) {
        Instant now = clock.instant();
        Instant last = recent.get(reason + message);
        if (last != null && now.isBefore(last.plus(REPEAT))) {
            return;
        }
        recent.put(reason + message, now);
        String time = now.toString();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(namespace)
                    .withName(secretName + "." + Long.toHexString(now.toEpochMilli()) + sequence.incrementAndGet())
                    .endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Secret").withNamespace(namespace)
                    .withName(secretName).endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(truncate(message))
                    .withNewSource().withComponent("sparkgate").withHost(component).endSource()
                    .withReportingComponent("sparkgate").withReportingInstance(component)
                    .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("cannot record event {} on Secret {}/{}: {}", reason, namespace, secretName, e.getMessage());
        }
    }

    private static String truncate(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
    }
}
