package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.spark.KerberosConf;
import io.sparkgate.api.v1beta2.SecretInfo;
import io.sparkgate.api.v1beta2.SecretType;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.util.List;
import java.util.Optional;

/**
 * The role's {@code secrets}: each as volume {@code <name>-volume} (Spark's own name for
 * {@code spark.kubernetes.<role>.secrets.*}, so a Secret Spark already mounted is recognised, not doubled) at its
 * path. {@code GCPServiceAccount} also sets {@code GOOGLE_APPLICATION_CREDENTIALS=<path>/key.json},
 * {@code HadoopDelegationToken} sets {@code HADOOP_TOKEN_FILE_LOCATION=<path>/hadoop.token}, {@code KerberosKeytab}
 * sets {@code KRB5_KEYTAB_FILE=<path>/krb5.keytab}; {@code spec.kerberos} adds its keytab and krb5.conf Secrets at
 * kubeflow's paths ({@link KerberosConf#roleSecrets}). When such a typed
 * Secret cannot be mounted (its path or volume name is taken by something else) the pod is refused: the variable
 * would point the app at credentials that are not the ones it named.
 */
public final class SecretsMutator extends AppMutator {

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        List<SecretInfo> secrets = KerberosConf.roleSecrets(app.getSpec(), context.role());
        if (secrets.isEmpty()) {
            return;
        }
        Optional<Container> container = sparkContainer(context, pod, roleField + ".secrets");
        if (container.isEmpty()) {
            return;
        }
        for (int i = 0; i < secrets.size(); i++) {
            SecretInfo secret = secrets.get(i);
            String field = i < role.secrets().size() ? roleField + ".secrets[" + i + "]" : "spec.kerberos";
            if (secret.name() == null || !DnsNames.isSubdomain(secret.name()) || secret.path() == null
                    || !secret.path().startsWith("/")) {
                context.warn(field + ": needs a valid Secret name and an absolute path: skipped");
                continue;
            }
            String volumeName = DnsNames.volumeName(secret.name(), "-volume");
            boolean mounted = PodEdits.addVolumeWithMount(context, pod, container.get(),
                    Volumes.secret(volumeName, secret.name()), Volumes.mount(volumeName, secret.path(), false), field);
            Optional<EnvVar> env = credentialsEnv(secret);
            if (env.isEmpty()) {
                continue;
            }
            if (!mounted) {
                context.refuse(field + ": Secret " + secret.name() + " of type " + secret.secretType()
                        + " cannot be mounted at " + secret.path() + " (see the warnings), so " + env.get().getName()
                        + " would point at other files; fix the conflict or the SparkApplication");
                return;
            }
            PodEdits.putEnv(context, container.get(), env.get(), field);
        }
    }

    private static Optional<EnvVar> credentialsEnv(SecretInfo secret) {
        SecretType type = secret.secretType() == null ? SecretType.Generic : secret.secretType();
        String dir = secret.path().endsWith("/") ? secret.path().substring(0, secret.path().length() - 1)
                : secret.path();
        return switch (type) {
            case GCPServiceAccount -> Optional.of(new EnvVar("GOOGLE_APPLICATION_CREDENTIALS", dir + "/key.json", null));
            case KerberosKeytab -> Optional.of(new EnvVar("KRB5_KEYTAB_FILE", dir + "/krb5.keytab", null));
            case HadoopDelegationToken ->
                    Optional.of(new EnvVar("HADOOP_TOKEN_FILE_LOCATION", dir + "/hadoop.token", null));
            case Generic -> Optional.empty();
        };
    }
}
