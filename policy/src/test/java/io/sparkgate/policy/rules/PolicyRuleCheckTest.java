package io.sparkgate.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkgate.api.Json;
import io.sparkgate.api.policy.SparkPolicy;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.PolicyViolation;
import org.junit.jupiter.api.Test;

/** A SparkPolicy's sparkConf deny-list, on sparkConf and on hadoopConf (which Spark reads as spark.hadoop.*). */
class PolicyRuleCheckTest {
    private static final SparkPolicy POLICY = Json.read("""
            metadata: {name: team-a}
            spec:
              namespaceSelector: {}
              rules: {deniedSparkConf: ["spark.eventLog.*", "spark.hadoop.fs.s3a.*", spark.sql.warehouse.dir]}
            """, SparkPolicy.class);

    private static SparkApplication app(String conf) {
        return Json.read("metadata: {name: etl}\nspec:\n  type: Scala\n" + conf, SparkApplication.class);
    }

    @Test
    void deniedSparkConfKeysAndPrefixesAreNamedWithThePattern() {
        var violations = PolicyRuleCheck.app(POLICY, app("""
                  sparkConf: {spark.eventLog.dir: "s3a://x", spark.sql.warehouse.dir: /w, spark.executor.cores: "2"}
                """).getSpec(), "spec");
        assertThat(violations).extracting(PolicyViolation::rule).containsOnly(PolicyViolation.RULE_SPARK_CONF);
        assertThat(violations).extracting(PolicyViolation::message).containsExactly(
                "spec.sparkConf[\"spark.eventLog.dir\"]: denied by SparkPolicy team-a (spark.eventLog.*)",
                "spec.sparkConf[\"spark.sql.warehouse.dir\"]: denied by SparkPolicy team-a (spark.sql.warehouse.dir)");
    }

    @Test
    void hadoopConfCannotBypassADenyOfSparkHadoopKeys() {
        var violations = PolicyRuleCheck.app(POLICY, app("""
                  hadoopConf: {fs.s3a.access.key: AKIA, fs.defaultFS: "hdfs://nn"}
                  sparkConf: {spark.hadoop.fs.s3a.secret.key: s}
                """).getSpec(), "spec");
        assertThat(violations).extracting(PolicyViolation::message).containsExactlyInAnyOrder(
                "spec.sparkConf[\"spark.hadoop.fs.s3a.secret.key\"]: denied by SparkPolicy team-a (spark.hadoop.fs.s3a.*)",
                "spec.hadoopConf[\"fs.s3a.access.key\"]: (spark.hadoop.fs.s3a.access.key) denied by SparkPolicy "
                        + "team-a (spark.hadoop.fs.s3a.*)");
    }

    @Test
    void keysNoPatternCoversPass() {
        assertThat(PolicyRuleCheck.app(POLICY, app("""
                  hadoopConf: {fs.defaultFS: "hdfs://nn"}
                  sparkConf: {spark.eventLogging: "x", spark.sql.shuffle.partitions: "8"}
                """).getSpec(), "spec")).isEmpty();
    }
}
