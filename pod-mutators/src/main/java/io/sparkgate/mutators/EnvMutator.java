package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.sparkgate.api.v1beta2.NameKey;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The role's environment on the Spark container: {@code envVars} (name to value), {@code envSecretKeyRefs}
 * (from Secret keys), then {@code env} (full EnvVar entries, applied last so they win), and {@code envFrom}. An
 * app's variable replaces the pod's variable of that name in place ({@link PodEdits#putEnv}).
 */
public final class EnvMutator extends AppMutator {

    @Override
    public String name() {
        return "env";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        if (role.envVars().isEmpty() && role.envSecretKeyRefs().isEmpty() && role.env().isEmpty()
                && role.envFrom().isEmpty()) {
            return;
        }
        Optional<Container> found = sparkContainer(context, pod, roleField + ".env");
        if (found.isEmpty()) {
            return;
        }
        Container c = found.get();
        role.envVars().forEach((name, value) -> {
            String field = roleField + ".envVars." + name;
            if (validName(context, name, field)) {
                PodEdits.putEnv(context, c, new EnvVar(name, value == null ? "" : value, null), field);
            }
        });
        for (Map.Entry<String, NameKey> e : role.envSecretKeyRefs().entrySet()) {
            String field = roleField + ".envSecretKeyRefs." + e.getKey();
            NameKey ref = e.getValue();
            if (!validName(context, e.getKey(), field)) {
                continue;
            }
            if (ref == null || !DnsNames.isSubdomain(ref.name()) || ref.key() == null || ref.key().isEmpty()) {
                context.warn(field + ": needs a valid Secret name and key: skipped");
                continue;
            }
            PodEdits.putEnv(context, c, new EnvVar(e.getKey(), null, secretKeyRef(ref)), field);
        }
        List<EnvVar> env = role.env();
        for (int i = 0; i < env.size(); i++) {
            String field = roleField + ".env[" + i + "]";
            if (validName(context, env.get(i).getName(), field)) {
                PodEdits.putEnv(context, c, PodEdits.copy(env.get(i)), field);
            }
        }
        for (EnvFromSource source : role.envFrom()) {
            PodEdits.addEnvFrom(c, PodEdits.copy(source));
        }
    }

    // Plain setters: fabric8's builders copy an empty instance field by field before the first with… call.
    private static EnvVarSource secretKeyRef(NameKey ref) {
        SecretKeySelector selector = new SecretKeySelector();
        selector.setName(ref.name());
        selector.setKey(ref.key());
        EnvVarSource source = new EnvVarSource();
        source.setSecretKeyRef(selector);
        return source;
    }

    // The API server takes any printable name without '=' (Kubernetes 1.34 relaxed the C-identifier rule).
    private static boolean validName(MutationContext context, String name, String field) {
        if (name == null || name.isEmpty() || !printableWithoutEquals(name)) {
            context.warn(field + ": \"" + name + "\" is not a valid environment variable name: skipped");
            return false;
        }
        return true;
    }

    private static boolean printableWithoutEquals(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= 32 || ch >= 127 || ch == '=') {
                return false;
            }
        }
        return true;
    }
}
