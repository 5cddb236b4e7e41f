package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * kubeflow's newer {@code spec.kerberos}: the principal, the Secrets holding its keytab and krb5.conf, how Spark
 * renews its credentials and which services it fetches delegation tokens for. The accessors apply kubeflow's
 * defaults ({@code krb5.keytab}, {@code krb5.conf}, {@code keytab}, {@code hadoopfs, hbase, hive}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KerberosSpec(String principal, String realm, String kdc, String keytabSecret, String keytabFile,
                           String configSecret, String configFile, String renewalCredentials,
                           List<String> enabledServices) {
    /** kubeflow's default file name of the keytab inside {@code keytabSecret}. */
    public static final String DEFAULT_KEYTAB_FILE = "krb5.keytab";
    /** kubeflow's default file name of krb5.conf inside {@code configSecret}. */
    public static final String DEFAULT_CONFIG_FILE = "krb5.conf";
    /** kubeflow's default renewal strategy. */
    public static final String DEFAULT_RENEWAL = "keytab";
    /** kubeflow's default services with Kerberos credentials. */
    public static final List<String> DEFAULT_SERVICES = List.of("hadoopfs", "hbase", "hive");

    /** The keytab's file name inside its Secret. */
    public String keytabFileOrDefault() {
        return keytabFile == null || keytabFile.isEmpty() ? DEFAULT_KEYTAB_FILE : keytabFile;
    }

    /** krb5.conf's file name inside its Secret. */
    public String configFileOrDefault() {
        return configFile == null || configFile.isEmpty() ? DEFAULT_CONFIG_FILE : configFile;
    }

    /** {@code keytab} or {@code ccache}; {@code keytab} when unset. */
    public String renewalCredentialsOrDefault() {
        return renewalCredentials == null || renewalCredentials.isEmpty() ? DEFAULT_RENEWAL : renewalCredentials;
    }

    /** The services whose {@code spark.security.credentials.<service>.enabled} is set, in the manifest's order. */
    public List<String> enabledServicesOrDefault() {
        return enabledServices == null || enabledServices.isEmpty() ? DEFAULT_SERVICES : enabledServices;
    }
}
