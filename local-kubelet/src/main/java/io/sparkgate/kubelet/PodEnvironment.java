package io.sparkgate.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} first (ConfigMaps and Secrets, with their
 * prefix), then {@code env} in order, values from {@code fieldRef} (the pod's name, namespace, IP, ...),
 * {@code configMapKeyRef} and {@code secretKeyRef} read from the stored objects. The pod's IP is {@code 127.0.0.1}:
 * every pod of the local kubelet runs on this machine's loopback.
 */
final class PodEnvironment {
    /** The address every local pod has. */
    static final String POD_IP = "127.0.0.1";
    private final KubernetesClient client;

    PodEnvironment(KubernetesClient client) {
        this.client = client;
    }

    /** The resolved variables, in the order a container would see them defined. */
    Map<String, String> resolve(Pod pod, Container container) throws PodRejected {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                ConfigMap map = client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
                if (map == null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                    throw notFound("envFrom", "configmap", from.getConfigMapRef().getName());
                }
                if (map != null) {
                    map.getData().forEach((k, v) -> env.put(prefix + k, v));
                }
            } else if (from.getSecretRef() != null) {
                Secret secret = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
                if (secret == null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    throw notFound("envFrom", "secret", from.getSecretRef().getName());
                }
                if (secret != null) {
                    secretData(secret).forEach((k, v) -> env.put(prefix + k, v));
                }
            }
        }
        for (EnvVar variable : container.getEnv()) {
            String value = variable.getValueFrom() == null ? expand(variable.getValue(), env)
                    : from(pod, variable.getName(), variable.getValueFrom());
            if (value != null) {
                env.put(variable.getName(), value);
            }
        }
        return env;
    }

    private String from(Pod pod, String name, EnvVarSource source) throws PodRejected {
        String ns = pod.getMetadata().getNamespace();
        if (source.getFieldRef() != null) {
            String field = source.getFieldRef().getFieldPath();
            return switch (field) {
                case "status.podIP", "status.hostIP" -> POD_IP;
                case "status.podIPs", "status.hostIPs" -> POD_IP;
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.namespace" -> ns;
                case "metadata.uid" -> pod.getMetadata().getUid();
                case "spec.nodeName" -> "local-kubelet";
                case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
                default -> throw new PodRejected("CreateContainerConfigError", "env " + name
                        + ": fieldRef " + field + " is not one the local kubelet resolves");
            };
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap map = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
            String value = map == null ? null : map.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw notFound("env " + name, "configmap key", ref.getName() + "/" + ref.getKey());
            }
            return value;
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
            String value = secret == null ? null : secretData(secret).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw notFound("env " + name, "secret key", ref.getName() + "/" + ref.getKey());
            }
            return value;
        }
        throw new PodRejected("CreateContainerConfigError", "env " + name
                + ": valueFrom of a kind the local kubelet does not resolve");
    }

    /** {@code $(VAR)} references to variables defined before, as the kubelet expands them. */
    private static String expand(String value, Map<String, String> defined) {
        if (value == null || !value.contains("$(")) {
            return value == null ? "" : value;
        }
        String out = value;
        for (Map.Entry<String, String> e : defined.entrySet()) {
            out = out.replace("$(" + e.getKey() + ")", e.getValue());
        }
        return out;
    }

    /** A Secret's values: {@code data} decoded, and {@code stringData} over it as the API server merges it. */
    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        secret.getData().forEach((k, v) -> values.put(k, decode(v)));
        values.putAll(secret.getStringData());
        return values;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static PodRejected notFound(String where, String what, String name) {
        return new PodRejected("CreateContainerConfigError", where + ": " + what + " \"" + name + "\" not found",
                true);
    }
}
