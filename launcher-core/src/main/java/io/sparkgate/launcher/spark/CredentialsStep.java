package io.sparkgate.launcher.spark;

/**
 * The part of Spark's {@code DriverKubernetesCredentialsFeatureStep} a launcher can reproduce: the driver's service
 * account. Client certificates and OAuth tokens for the driver are refused, since they would need a Secret built
 * from files on the submitter's disk.
 */
final class CredentialsStep implements DriverStep {
    private static final String PREFIX = "spark.kubernetes.authenticate.driver.";

    @Override
    public void apply(DriverDraft d) {
        for (String file : new String[] {"oauthToken", "oauthTokenFile", "clientKeyFile", "clientCertFile",
                "caCertFile"}) {
            if (d.conf().containsKey(PREFIX + file)) {
                throw new IllegalArgumentException(PREFIX + file
                        + ": not supported by the launcher; give the driver a service account instead");
            }
        }
        String account = d.conf().get(PREFIX + "serviceAccountName");
        if (account != null && d.spec.getServiceAccount() == null && d.spec.getServiceAccountName() == null) {
            d.spec.withServiceAccount(account).withServiceAccountName(account);
        }
    }
}
