package io.sparkgate.launcher;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.spark.KerberosConf;
import io.sparkgate.api.spark.SparkConfMapping;
import io.sparkgate.api.v1beta2.SecretInfo;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Spark configuration kubeflow's operator passes to spark-submit for a SparkApplication: the shared mapping of
 * {@link SparkConfMapping} plus what only submission adds — the driver pod's name, the submission-id labels, the
 * operator's labels on the driver Service, mounted Secrets and the volumes Spark itself can mount.
 */
final class KubeflowSubmitConf {
    private KubeflowSubmitConf() {
    }

    /** The {@code --conf} settings of one submission of the app. */
    static Map<String, String> of(SparkApplication app, String submissionId) {
        SparkApplicationSpec spec = app.getSpec();
        Map<String, String> conf = new LinkedHashMap<>(SparkConfMapping.effectiveConf(app));
        String name = app.getMetadata().getName();
        conf.put("spark.kubernetes.driver.pod.name", driverPodName(app));
        conf.put("spark.kubernetes.submission.waitAppCompletion", "false");
        for (SparkRole role : SparkRole.values()) {
            conf.put("spark.kubernetes." + role.label() + ".label." + SparkLabels.SUBMISSION_ID, submissionId);
            // kubeflow's driver/executorPodTemplateOption name the Spark container of a template.
            if (spec.role(role).template() != null) {
                conf.put("spark.kubernetes." + role.label() + ".podTemplateContainerName",
                        "spark-kubernetes-" + role.label());
            }
            secrets(conf, role, KerberosConf.roleSecrets(spec, role));
            volumes(conf, role, spec, spec.role(role));
        }
        conf.put("spark.kubernetes.driver.service.label." + SparkLabels.APP_NAME, name);
        conf.put("spark.kubernetes.driver.service.label." + SparkLabels.LAUNCHED_BY_OPERATOR, "true");
        conf.put("spark.kubernetes.driver.service.label." + SparkLabels.SUBMISSION_ID, submissionId);
        PrometheusConf.apply(app, conf);
        return conf;
    }

    /** kubeflow's driver pod name: {@code spec.driver.podName}, else the one in sparkConf, else {@code <app>-driver}. */
    static String driverPodName(SparkApplication app) {
        String podName = app.getSpec().driver().podName();
        if (podName != null && !podName.isBlank()) {
            return podName;
        }
        String fromConf = app.getSpec().sparkConf().get("spark.kubernetes.driver.pod.name");
        return fromConf != null && !fromConf.isBlank() ? fromConf : app.getMetadata().getName() + "-driver";
    }

    // kubeflow mounts each Secret through Spark's secrets conf and points the matching env var at typed ones;
    // spec.kerberos adds its keytab and krb5.conf Secrets to both roles.
    private static void secrets(Map<String, String> conf, SparkRole role, List<SecretInfo> secrets) {
        String envPrefix = role == SparkRole.DRIVER ? "spark.kubernetes.driverEnv." : "spark.executorEnv.";
        for (SecretInfo s : secrets) {
            conf.put("spark.kubernetes." + role.label() + ".secrets." + s.name(), s.path());
            if (s.secretType() == null) {
                continue;
            }
            switch (s.secretType()) {
                case GCPServiceAccount -> conf.put(envPrefix + "GOOGLE_APPLICATION_CREDENTIALS",
                        s.path() + "/key.json");
                case HadoopDelegationToken -> conf.put(envPrefix + "HADOOP_TOKEN_FILE_LOCATION",
                        s.path() + "/hadoop.token");
                case KerberosKeytab -> conf.put(envPrefix + "KRB5_KEYTAB_FILE", s.path() + "/krb5.keytab");
                case Generic -> { }
            }
        }
    }

    // Volumes of the four types Spark mounts itself; the webhook mounts the others (ConfigMaps, Secrets, ...).
    private static void volumes(Map<String, String> conf, SparkRole role, SparkApplicationSpec spec, SparkPodSpec pod) {
        for (VolumeMount mount : pod.volumeMounts()) {
            Volume v = spec.volumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst()
                    .orElse(null);
            if (v == null) {
                continue;
            }
            String base = "spark.kubernetes." + role.label() + ".volumes.";
            Map<String, String> options = new LinkedHashMap<>();
            String type;
            if (v.getHostPath() != null) {
                type = "hostPath";
                options.put("path", v.getHostPath().getPath());
                putIfSet(options, "type", v.getHostPath().getType());
            } else if (v.getPersistentVolumeClaim() != null) {
                type = "persistentVolumeClaim";
                options.put("claimName", v.getPersistentVolumeClaim().getClaimName());
            } else if (v.getEmptyDir() != null) {
                type = "emptyDir";
                putIfSet(options, "medium", v.getEmptyDir().getMedium());
                putIfSet(options, "sizeLimit", v.getEmptyDir().getSizeLimit() == null ? null
                        : v.getEmptyDir().getSizeLimit().toString());
            } else if (v.getNfs() != null) {
                type = "nfs";
                options.put("path", v.getNfs().getPath());
                options.put("server", v.getNfs().getServer());
            } else {
                continue;
            }
            String prefix = base + type + "." + v.getName() + ".";
            conf.put(prefix + "mount.path", mount.getMountPath());
            if (Boolean.TRUE.equals(mount.getReadOnly())) {
                conf.put(prefix + "mount.readOnly", "true");
            }
            putIfSet(conf, prefix + "mount.subPath", mount.getSubPath());
            options.forEach((k, val) -> conf.put(prefix + "options." + k, val));
        }
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
