package io.sparkgate.certs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes the trust bundle into the caBundle of every entry of the named webhook configurations and reads back what
 * they publish. A caBundle another tool wiped or changed (a Helm upgrade, an ArgoCD sync) is rewritten.
 */
public final class CaBundleInjector {
    /** Annotation on a webhook configuration: when sparkgate last changed its caBundle. */
    public static final String CHANGED_AT = "sparkgate.io/ca-bundle-changed-at";
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final List<WebhookConfigurationRef> refs;
    private final Clock clock;

    /** An injector for {@code refs}. */
    public CaBundleInjector(KubernetesClient client, List<WebhookConfigurationRef> refs, Clock clock) {
        this.client = client;
        this.refs = List.copyOf(refs);
        this.clock = clock;
    }

    /**
     * What one injection did.
     *
     * @param changed configurations whose caBundle was rewritten
     * @param missing configurations that do not exist
     */
    public record Result(List<WebhookConfigurationRef> changed, List<WebhookConfigurationRef> missing) {
    }

    /** The CAs published in every entry of every existing configuration. */
    public PublishedTrust published() {
        List<X509Certificate> common = null;
        Instant changedAt = Instant.EPOCH;
        for (WebhookConfigurationRef ref : refs) {
            HasMetadata config = resource(ref).get();
            if (config == null) {
                continue;
            }
            for (WebhookClientConfig entry : clientConfigs(config)) {
                List<X509Certificate> cas = decode(entry.getCaBundle());
                common = common == null ? new ArrayList<>(cas) : common;
                common.retainAll(cas);
            }
            Instant at = changedAt(config);
            changedAt = at.isAfter(changedAt) ? at : changedAt;
        }
        return common == null ? PublishedTrust.NONE : new PublishedTrust(true, common, changedAt);
    }

    /** Sets every entry's caBundle to {@code caPem}; conflicting writes are retried on a fresh read. */
    public Result inject(String caPem) {
        List<X509Certificate> wanted = Pem.readCertificates(caPem, "ca.crt");
        String bundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
        List<WebhookConfigurationRef> changed = new ArrayList<>();
        List<WebhookConfigurationRef> missing = new ArrayList<>();
        for (WebhookConfigurationRef ref : refs) {
            switch (injectOne(ref, wanted, bundle)) {
                case CHANGED -> changed.add(ref);
                case MISSING -> missing.add(ref);
                default -> {
                }
            }
        }
        return new Result(List.copyOf(changed), List.copyOf(missing));
    }

    /** Whether every entry of {@code config} already publishes exactly {@code wanted}. */
    public static boolean publishes(HasMetadata config, List<X509Certificate> wanted) {
        return clientConfigs(config).stream().allMatch(c -> decode(c.getCaBundle()).equals(wanted));
    }

    private enum Outcome { CHANGED, UNCHANGED, MISSING }

    private Outcome injectOne(WebhookConfigurationRef ref, List<X509Certificate> wanted, String bundle) {
        for (int attempt = 1; ; attempt++) {
            HasMetadata config = resource(ref).get();
            if (config == null) {
                return Outcome.MISSING;
            }
            if (publishes(config, wanted)) {
                return Outcome.UNCHANGED;
            }
            clientConfigs(config).forEach(c -> c.setCaBundle(bundle));
            Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(
                    config.getMetadata().getAnnotations(), Map.of()));
            annotations.put(CHANGED_AT, clock.instant().toString());
            config.getMetadata().setAnnotations(annotations);
            try {
                update(ref, config);
                return Outcome.CHANGED;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Resource<? extends HasMetadata> resource(WebhookConfigurationRef ref) {
        return ref.kind() == WebhookConfigurationRef.Kind.MUTATING
                ? client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(ref.name())
                : client.admissionRegistration().v1().validatingWebhookConfigurations().withName(ref.name());
    }

    private void update(WebhookConfigurationRef ref, HasMetadata config) {
        if (config instanceof MutatingWebhookConfiguration m) {
            client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(m).update();
        } else {
            client.admissionRegistration().v1().validatingWebhookConfigurations()
                    .resource((ValidatingWebhookConfiguration) config).update();
        }
    }

    /** The clientConfig of every entry (entries without one get an empty one to fill). */
    static List<WebhookClientConfig> clientConfigs(HasMetadata config) {
        List<WebhookClientConfig> out = new ArrayList<>();
        if (config instanceof MutatingWebhookConfiguration m && m.getWebhooks() != null) {
            m.getWebhooks().forEach(w -> out.add(ensure(w.getClientConfig(), w::setClientConfig)));
        } else if (config instanceof ValidatingWebhookConfiguration v && v.getWebhooks() != null) {
            v.getWebhooks().forEach(w -> out.add(ensure(w.getClientConfig(), w::setClientConfig)));
        }
        return out;
    }

    private static WebhookClientConfig ensure(WebhookClientConfig c, java.util.function.Consumer<WebhookClientConfig> set) {
        if (c != null) {
            return c;
        }
        WebhookClientConfig created = new WebhookClientConfig();
        set.accept(created);
        return created;
    }

    /** The CAs in a base64 caBundle; an empty or broken bundle holds none. */
    public static List<X509Certificate> decode(String caBundle) {
        if (caBundle == null || caBundle.isBlank()) {
            return List.of();
        }
        try {
            String pem = new String(Base64.getDecoder().decode(caBundle), StandardCharsets.UTF_8);
            return Pem.readCertificates(pem, "caBundle");
        } catch (IllegalArgumentException | InvalidPemException e) {
            return List.of();
        }
    }

    private static Instant changedAt(HasMetadata config) {
        Function<String, Instant> parse = s -> {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return Instant.EPOCH;
            }
        };
        Map<String, String> a = config.getMetadata().getAnnotations();
        return a == null || a.get(CHANGED_AT) == null ? Instant.EPOCH : parse.apply(a.get(CHANGED_AT));
    }
}
