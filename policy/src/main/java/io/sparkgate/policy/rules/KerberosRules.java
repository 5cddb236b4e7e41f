package io.sparkgate.policy.rules;

import io.sparkgate.api.spark.KerberosConf;
import io.sparkgate.api.v1beta2.KerberosSpec;
import io.sparkgate.api.v1beta2.SecretInfo;
import io.sparkgate.api.v1beta2.SparkApplicationSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in rules for {@code spec.kerberos} (kubeflow's newer Kerberos block): values kubeflow's CRD or
 * Spark 4.1.1 would reject at submission or in the driver are refused here, each naming the field and the
 * accepted forms; {@code realm} and {@code kdc}, which neither reads, are accepted with a warning.
 */
final class KerberosRules {
    // A Secret name (DNS-1123 subdomain) and a key in it, as the API server accepts them.
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
            + "[a-z0-9])?)*");
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    // The <service> of Spark's spark.security.credentials.<service>.enabled (a delegation token provider's name).
    private static final Pattern SERVICE = Pattern.compile("[a-zA-Z][-_a-zA-Z0-9]*");

    private KerberosRules() {
    }

    /** The problems of {@code spec.kerberos} under {@code field} ({@code spec} or {@code spec.template}). */
    static List<String> problems(SparkApplicationSpec spec, String field) {
        KerberosSpec k = spec.kerberos();
        List<String> problems = new ArrayList<>();
        if (k == null) {
            return problems;
        }
        String f = field + ".kerberos";
        String renewal = k.renewalCredentials();
        if (renewal != null && !renewal.equals("keytab") && !renewal.equals("ccache")) {
            problems.add(f + ".renewalCredentials: \"" + renewal + "\" is not one of keytab, ccache");
        }
        // Spark's KerberosConfDriverFeatureStep.requireBothOrNeitherDefined: a principal needs a keytab, and back.
        if (k.keytabSecret() != null && blank(k.principal())) {
            problems.add(f + ".principal: required with " + f + ".keytabSecret (Spark logs in with both; "
                    + "e.g. spark@EXAMPLE.COM)");
        }
        if (!blank(k.principal()) && k.keytabSecret() == null) {
            problems.add(f + ".keytabSecret: required with " + f + ".principal (Spark logs in with both): "
                    + "the name of a Secret holding the keytab");
        }
        secretName(problems, f + ".keytabSecret", k.keytabSecret());
        secretName(problems, f + ".configSecret", k.configSecret());
        fileName(problems, f + ".keytabFile", k.keytabFile());
        fileName(problems, f + ".configFile", k.configFile());
        List<String> services = k.enabledServices() == null ? List.of() : k.enabledServices();
        for (int i = 0; i < services.size(); i++) {
            String s = services.get(i);
            if (s == null || !SERVICE.matcher(s).matches()) {
                problems.add(f + ".enabledServices[" + i + "]: \"" + s + "\" is not a service name "
                        + "(letters, digits, '-' and '_', e.g. hadoopfs, hbase, hive, kafka)");
            }
        }
        for (SparkRole role : SparkRole.values()) {
            listedElsewhere(problems, spec, role, field, k.keytabSecret(), KerberosConf.KEYTAB_MOUNT_PATH,
                    f + ".keytabSecret");
            listedElsewhere(problems, spec, role, field, k.configSecret(), KerberosConf.CONFIG_MOUNT_PATH,
                    f + ".configSecret");
        }
        return problems;
    }

    /** Warnings for the block's fields that are accepted but not read. */
    static List<String> notRead(SparkApplicationSpec spec, String field) {
        KerberosSpec k = spec.kerberos();
        List<String> warnings = new ArrayList<>();
        if (k == null) {
            return warnings;
        }
        if (k.realm() != null) {
            warnings.add(field + ".kerberos.realm: not read, as in kubeflow: krb5.conf (configSecret) names the realm");
        }
        if (k.kdc() != null) {
            warnings.add(field + ".kerberos.kdc: not read, as in kubeflow: krb5.conf (configSecret) names the KDC");
        }
        return warnings;
    }

    // spark.kerberos.keytab and -Djava.security.krb5.conf point at kubeflow's fixed paths: the Secret listed in a
    // role's secrets at another path, or another Secret at that path, would leave them pointing at nothing.
    private static void listedElsewhere(List<String> problems, SparkApplicationSpec spec, SparkRole role,
                                        String field, String secret, String path, String kerberosField) {
        if (secret == null) {
            return;
        }
        List<SecretInfo> secrets = spec.role(role).secrets();
        for (int i = 0; i < secrets.size(); i++) {
            SecretInfo s = secrets.get(i);
            String at = field + "." + role.label() + ".secrets[" + i + "]";
            if (secret.equals(s.name()) && !path.equals(trimSlash(s.path()))) {
                problems.add(at + ".path: Secret " + secret + " is " + kerberosField + ", mounted at " + path
                        + "; list it at " + path + " or leave it out");
            } else if (!secret.equals(s.name()) && path.equals(trimSlash(s.path()))) {
                problems.add(at + ".path: " + path + " is where " + kerberosField + " (" + secret
                        + ") is mounted; mount Secret " + s.name() + " elsewhere");
            }
        }
    }

    private static void secretName(List<String> problems, String field, String name) {
        if (name != null && (name.length() > 253 || !SUBDOMAIN.matcher(name).matches())) {
            problems.add(field + ": \"" + name + "\" is not a Secret name (lower-case DNS subdomain, e.g. "
                    + "spark-kerberos-keytab)");
        }
    }

    private static void fileName(List<String> problems, String field, String file) {
        if (file != null && (!SECRET_KEY.matcher(file).matches() || file.equals(".") || file.equals(".."))) {
            problems.add(field + ": \"" + file + "\" is not a key of the Secret (a file name of letters, digits, "
                    + "'-', '_' and '.', e.g. krb5.keytab)");
        }
    }

    private static String trimSlash(String path) {
        return path != null && path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
