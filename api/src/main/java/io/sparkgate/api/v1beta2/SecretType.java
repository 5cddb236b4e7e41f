package io.sparkgate.api.v1beta2;

/** How a mounted Secret is used; kubeflow's {@code SecretType}. */
public enum SecretType {
    /** A GCP service-account JSON key: sets {@code GOOGLE_APPLICATION_CREDENTIALS}. */
    GCPServiceAccount,
    /** A Hadoop delegation token: sets {@code HADOOP_TOKEN_FILE_LOCATION}. */
    HadoopDelegationToken,
    /** A Kerberos keytab (kubeflow's newer type): sets {@code KRB5_KEYTAB_FILE=<path>/krb5.keytab}. */
    KerberosKeytab,
    /** Mounted as is. */
    Generic
}
