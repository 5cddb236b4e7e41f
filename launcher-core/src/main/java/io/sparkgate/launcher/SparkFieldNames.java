package io.sparkgate.launcher;

import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an error about a Spark setting ({@code spark.driver.memory: ...}) into one naming the SparkApplication field
 * the setting came from ({@code spec.driver.memory}), or {@code spec.sparkConf[<key>]} when the user wrote it there.
 */
final class SparkFieldNames {
    private static final Map<String, String> TYPED = new LinkedHashMap<>();

    static {
        for (String role : new String[] {"driver", "executor"}) {
            TYPED.put("spark." + role + ".memory", "spec." + role + ".memory");
            TYPED.put("spark." + role + ".memoryOverhead", "spec." + role + ".memoryOverhead");
            TYPED.put("spark." + role + ".cores", "spec." + role + ".cores");
            TYPED.put("spark.kubernetes." + role + ".request.cores", "spec." + role + ".coreRequest");
            TYPED.put("spark.kubernetes." + role + ".limit.cores", "spec." + role + ".coreLimit");
            TYPED.put("spark.kubernetes." + role + ".container.image", "spec." + role + ".image");
        }
        TYPED.put("spark.kubernetes.container.image", "spec.image");
        TYPED.put("spark.kubernetes.memoryOverheadFactor", "spec.memoryOverheadFactor");
        TYPED.put("spark.jars", "spec.deps.jars");
        TYPED.put("spark.files", "spec.deps.files");
        TYPED.put("spark.submit.pyFiles", "spec.deps.pyFiles");
        TYPED.put("spark.archives", "spec.deps.archives");
        TYPED.put("primary resource", "spec.mainApplicationFile");
    }

    private SparkFieldNames() {
    }

    /** The error for a message of the form {@code <spark key>: <problem>}. */
    static InvalidSparkApplication invalid(SparkApplication app, String message) {
        int colon = message == null ? -1 : message.indexOf(": ");
        if (colon < 0) {
            return new InvalidSparkApplication("spec", message == null ? "cannot be submitted" : message);
        }
        String key = message.substring(0, colon);
        String problem = message.substring(colon + 2);
        boolean inSparkConf = app.getSpec().sparkConf().containsKey(key);
        String typed = TYPED.get(key);
        if (typed != null && (!inSparkConf || key.equals("primary resource"))) {
            return new InvalidSparkApplication(typed, problem);
        }
        if (inSparkConf) {
            return new InvalidSparkApplication("spec.sparkConf[" + key + "]", problem);
        }
        return new InvalidSparkApplication("spec", key + ": " + problem);
    }
}
