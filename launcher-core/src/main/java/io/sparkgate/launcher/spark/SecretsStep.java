package io.sparkgate.launcher.spark;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/**
 * Spark's {@code MountSecretsFeatureStep} and {@code EnvSecretsFeatureStep}: Secrets mounted as
 * {@code <secret>-volume} ({@code spark.kubernetes.driver.secrets.<secret>=<path>}) and env vars taken from a Secret
 * key ({@code spark.kubernetes.driver.secretKeyRef.<ENV>=<secret>:<key>}).
 */
final class SecretsStep {
    private SecretsStep() {
    }

    /** The mounting step. */
    static DriverStep mounts() {
        return d -> d.withPrefix("spark.kubernetes.driver.secrets.").forEach((secret, path) -> {
            String volume = secret + "-volume";
            d.spec.addNewVolume().withName(volume).withNewSecret().withSecretName(secret).endSecret().endVolume();
            d.container.addNewVolumeMount().withName(volume).withMountPath(path).endVolumeMount();
        });
    }

    /** The env step. */
    static DriverStep env() {
        return d -> d.withPrefix("spark.kubernetes.driver.secretKeyRef.").forEach((env, ref) -> {
            int colon = ref.indexOf(':');
            if (colon <= 0 || colon == ref.length() - 1) {
                throw new IllegalArgumentException("spark.kubernetes.driver.secretKeyRef." + env
                        + ": \"" + ref + "\" is not <secret>:<key>");
            }
            d.container.addToEnv(new EnvVarBuilder().withName(env).withNewValueFrom().withNewSecretKeyRef()
                    .withName(ref.substring(0, colon)).withKey(ref.substring(colon + 1)).endSecretKeyRef()
                    .endValueFrom().build());
        });
    }
}
