package io.sparkgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.quota.AppDemand;
import io.sparkgate.policy.quota.PodResources;
import io.sparkgate.policy.quota.Resources;
import io.sparkgate.testing.SparkFixtures;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Quota arithmetic against hand-computed figures for the apps behind ../shared/fixtures, and against the requests
 * real Spark 4.1.1 wrote into those pods: what the quota counts is what Spark asks the scheduler for.
 */
class QuotaArithmeticTest {

    @Test
    void etlDailyMatchesTheRealPythonDriverAndHandFigures() {
        AppDemand d = AppDemand.of(Support.app("etl-daily.yaml", "team-a"));
        // driver: 2g heap, Python factor 0.4 -> 2048 + max(819, 384) = 2867 MiB; 2 cores, limit 2500m
        assertThat(d.driver()).isEqualTo(new Resources(2000, 2867, 2500, 2867, 0, 0));
        // executor: 4g heap -> 4096 + max(1638, 384) = 5734 MiB; 2 cores; 4 instances
        assertThat(d.executor()).isEqualTo(new Resources(2000, 5734, 2000, 5734, 1, 0));
        assertThat(d.maxExecutors()).isEqualTo(OptionalLong.of(4));
        // whole app: 2 + 4 x 2 = 10 cores; 2867 + 4 x 5734 = 25803 MiB; 4 executors; 1 app
        assertThat(d.total()).isEqualTo(new Resources(10_000, 25_803, 10_500, 25_803, 4, 1));
        Resources realDriver = PodResources.of(SparkFixtures.driverPod(SparkFixtures.PYTHON_RICH));
        assertThat(realDriver).isEqualTo(d.driver());
    }

    @Test
    void sparkPiDefaultsMatchTheRealJavaDriverAndExecutors() {
        SparkApplication defaults = Support.appYaml("metadata: {name: spark-pi, namespace: default}\n"
                + "spec: {type: Scala, image: apache/spark:4.1.1, executor: {instances: 2}}\n");
        AppDemand d = AppDemand.of(defaults);
        // 1g default heap, JVM factor 0.1 -> 1024 + max(102, 384) = 1408 MiB, 1 core, per pod
        assertThat(d.driver()).isEqualTo(PodResources.of(SparkFixtures.driverPod(SparkFixtures.JAVA_SPARK_PI)));
        for (Pod executor : SparkFixtures.pods(SparkFixtures.EXECUTORS)) {
            assertThat(PodResources.of(executor)).isEqualTo(d.executor());
        }
        assertThat(d.total()).isEqualTo(new Resources(3000, 3 * 1408, 3000, 3 * 1408, 2, 1));
    }

    @Test
    void kubeflowSparkPiExample() {
        AppDemand d = AppDemand.of(Support.app("spark-pi.yaml", "default"));
        // 512m heap -> 512 + 384 = 896 MiB per pod; 1 driver + 2 executors of 1 core
        assertThat(d.total()).isEqualTo(new Resources(3000, 2688, 3000, 2688, 2, 1));
    }

    @Test
    void dynamicAllocationCountsMaxExecutorsOverheadRulesAndUnits() {
        SparkApplication app = Support.appYaml("metadata: {name: da}\nspec:\n  type: Python\n"
                + "  dynamicAllocation: {enabled: true, minExecutors: 1, maxExecutors: 10}\n"
                + "  driver: {coreRequest: 500m, memory: 1gb}\n"
                + "  executor: {cores: 4, instances: 2, memory: 8g, memoryOverhead: 1g}\n"
                + "  sparkConf: {spark.driver.memoryOverheadFactor: \"0.5\"}\n");
        AppDemand d = AppDemand.of(app);
        // driver: 500m; 1gb = 1024 MiB + max(0.5 x 1024, 384) = 1536 MiB
        assertThat(d.driver().cpuMillis()).isEqualTo(500);
        assertThat(d.driver().memoryMiB()).isEqualTo(1536);
        // executor: explicit overhead 1g -> 8192 + 1024 = 9216 MiB; 4 cores; max 10 executors, not instances
        assertThat(d.executor().memoryMiB()).isEqualTo(9216);
        assertThat(d.total().cpuMillis()).isEqualTo(500 + 10 * 4000);
        assertThat(d.total().memoryMiB()).isEqualTo(1536 + 10 * 9216);
        assertThat(d.total().executors()).isEqualTo(10);
    }

    @Test
    void unboundedDynamicAllocationHasNoTotal() {
        SparkApplication app = Support.appYaml("metadata: {name: da}\nspec:\n  type: Scala\n"
                + "  dynamicAllocation: {enabled: true}\n");
        assertThat(AppDemand.of(app).bounded()).isFalse();
    }

    @Test
    void defaultExecutorCountIsSparksTwo() {
        SparkApplication app = Support.appYaml("metadata: {name: x}\nspec: {type: Java}\n");
        assertThat(AppDemand.of(app).maxExecutors()).isEqualTo(OptionalLong.of(2));
    }
}
