package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgate.api.Json;
import io.sparkgate.api.policy.PodSecurityLevel;
import io.sparkgate.api.policy.PolicyRules;
import io.sparkgate.policy.tenant.SparkPolicyValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy's pod security rules are read strictly: a bad level or service account name refuses the whole policy. */
class PodSecurityRulesValidationTest {
    private static List<String> problems(String rules) {
        return SparkPolicyValidator.validate(Json.read("apiVersion: sparkgate.io/v1alpha1\nkind: SparkPolicy\n"
                + "metadata: {name: team-a}\nspec:\n  namespaceSelector: {}\n  rules: " + rules + "\n", JsonNode.class));
    }

    @Test
    void validRulesPassAndReadAsWritten() {
        assertThat(problems("{podSecurity: {level: restricted}, allowedServiceAccounts: [spark, etl.jobs], "
                + "allowProxyUser: false}")).isEmpty();
        PolicyRules rules = Json.read("{podSecurity: {level: baseline}, allowProxyUser: false}", PolicyRules.class);
        assertThat(rules.podSecurityLevel()).isEqualTo(PodSecurityLevel.BASELINE);
        assertThat(rules.proxyUserAllowed()).isFalse();
        PolicyRules unset = new PolicyRules(List.of(), List.of());
        assertThat(unset.podSecurityLevel()).isEqualTo(PodSecurityLevel.PRIVILEGED);
        assertThat(unset.proxyUserAllowed()).isTrue();
        assertThat(unset.allowedServiceAccounts()).isEmpty();
    }

    @Test
    void anUnknownLevelIsRefusedNamingTheAllowedOnes() {
        assertThat(problems("{podSecurity: {level: strict}}")).singleElement().asString()
                .contains("\"strict\" is not one of privileged, baseline, restricted");
        assertThat(problems("{podSecurity: {}}")).containsExactly(
                "spec.rules.podSecurity.level: required, one of privileged, baseline, restricted");
        assertThat(problems("{podSecurity: {level: baseline, mode: enforce}}")).singleElement().asString()
                .contains("mode");
    }

    @Test
    void serviceAccountNamesMustBeDnsSubdomains() {
        assertThat(problems("{allowedServiceAccounts: [spark, Spark_Admin, \"\"]}")).containsExactly(
                "spec.rules.allowedServiceAccounts[1]: \"Spark_Admin\" must be a service account name (a DNS "
                        + "subdomain: lower-case letters, digits, '-' and '.')",
                "spec.rules.allowedServiceAccounts[2]: \"\" must be a service account name (a DNS subdomain: "
                        + "lower-case letters, digits, '-' and '.')");
        assertThat(problems("{allowProxyUser: \"no\"}")).isNotEmpty();
    }
}
