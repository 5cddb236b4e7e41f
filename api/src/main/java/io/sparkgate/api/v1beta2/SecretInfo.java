package io.sparkgate.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A Secret to mount, where, and how it is used ({@code Generic}, {@code GCPServiceAccount}, {@code HadoopDelegationToken},
 * {@code KerberosKeytab}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretInfo(String name, String path, @JsonProperty("secretType") SecretType secretType) {
}
