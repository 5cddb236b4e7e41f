package io.sparkgate.api.spark;

import io.sparkgate.api.v1beta2.KerberosSpec;
import io.sparkgate.api.v1beta2.SecretInfo;
import io.sparkgate.api.v1beta2.SecretType;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code spec.kerberos} amounts to, as kubeflow's submission reads it (its {@code kerberosConfOption} and
 * docs/kerberos-support.md): Hadoop security on, the principal and keytab for Spark's own login and renewal, the
 * services to fetch delegation tokens for, krb5.conf for the JVMs, and the two Secrets mounted at kubeflow's
 * fixed paths in both roles. {@code realm} and {@code kdc} are not read (krb5.conf names them), as in kubeflow.
 */
public final class KerberosConf {
    /** Where kubeflow mounts {@code keytabSecret}. */
    public static final String KEYTAB_MOUNT_PATH = "/etc/kerberos/keytab";
    /** Where kubeflow mounts {@code configSecret}. */
    public static final String CONFIG_MOUNT_PATH = "/etc/kerberos/conf";

    private KerberosConf() {
    }

    /** The keytab's path in the pods, or null without {@code keytabSecret}. */
    public static String keytabPath(KerberosSpec k) {
        return k == null || k.keytabSecret() == null ? null : KEYTAB_MOUNT_PATH + "/" + k.keytabFileOrDefault();
    }

    /** krb5.conf's path in the pods, or null without {@code configSecret}. */
    public static String configPath(KerberosSpec k) {
        return k == null || k.configSecret() == null ? null : CONFIG_MOUNT_PATH + "/" + k.configFileOrDefault();
    }

    /** Adds the block's conf after the other typed fields, in kubeflow's order. */
    static void apply(Map<String, String> conf, SparkApplicationSpec spec) {
        KerberosSpec k = spec.kerberos();
        if (k == null) {
            return;
        }
        // kubeflow sets these two unconditionally; here an app's own hadoopConf/sparkConf value stays (deliberate).
        conf.putIfAbsent(SparkConfMapping.hadoopKey("hadoop.security.authentication"), "kerberos");
        conf.putIfAbsent(SparkConfMapping.hadoopKey("hadoop.security.authorization"), "true");
        putIfSet(conf, "spark.kerberos.principal", k.principal());
        conf.put("spark.kerberos.renewal.credentials", k.renewalCredentialsOrDefault());
        k.enabledServicesOrDefault().forEach(s -> conf.put("spark.security.credentials." + s + ".enabled", "true"));
        String keytab = keytabPath(k);
        if (keytab != null) {
            // Spark 4.1.1 uploads a plain keytab path from the submitting machine into a Secret of its own
            // (KerberosConfDriverFeatureStep.needKeytabUpload); a local: URI names a file already in the driver,
            // here the mounted keytabSecret, and SparkSubmit in the driver logs in from it.
            conf.put("spark.kerberos.keytab", "local://" + keytab);
            putIfSet(conf, SparkConfMapping.hadoopKey("hadoop.kerberos.principal"), k.principal());
            conf.put(SparkConfMapping.hadoopKey("hadoop.kerberos.keytab"), keytab);
        }
        String krb5 = configPath(k);
        if (krb5 != null) {
            conf.put(SparkConfMapping.hadoopKey("java.security.krb5.conf"), krb5);
            // kubeflow replaces extraJavaOptions here, dropping javaOptions; appended instead (deliberate).
            for (SparkRole role : SparkRole.values()) {
                String key = "spark." + role.label() + ".extraJavaOptions";
                String option = "-Djava.security.krb5.conf=" + krb5;
                String before = conf.get(key);
                conf.put(key, before == null || before.isBlank() ? option : before + " " + option);
            }
        }
        if ("kerberos".equals(spec.hadoopConf().get("hadoop.security.authentication"))) {
            conf.putIfAbsent("spark.kerberos.access.hadoopFileSystems", "hdfs");
        }
    }

    /**
     * The role's Secrets with the block's two added at kubeflow's paths, unless the role lists them already (the
     * validating webhook refuses a listing at another path).
     */
    public static List<SecretInfo> roleSecrets(SparkApplicationSpec spec, SparkRole role) {
        SparkPodSpec pod = spec.role(role);
        KerberosSpec k = spec.kerberos();
        if (k == null) {
            return pod.secrets();
        }
        List<SecretInfo> secrets = new ArrayList<>(pod.secrets());
        addUnlisted(secrets, k.keytabSecret(), KEYTAB_MOUNT_PATH);
        addUnlisted(secrets, k.configSecret(), CONFIG_MOUNT_PATH);
        return secrets;
    }

    private static void addUnlisted(List<SecretInfo> secrets, String name, String path) {
        if (name != null && secrets.stream().noneMatch(s -> name.equals(s.name()))) {
            secrets.add(new SecretInfo(name, path, SecretType.Generic));
        }
    }

    private static void putIfSet(Map<String, String> conf, String key, String value) {
        if (value != null) {
            conf.put(key, value);
        }
    }
}
