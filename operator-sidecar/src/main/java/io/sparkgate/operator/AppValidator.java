package io.sparkgate.operator;

import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.policy.rules.SparkAppRules;
import java.util.List;

/**
 * The checks the admission webhook would have made, re-run before submitting: an app stored while the webhook
 * was down, or before it was installed, must not be submitted if the webhook would have rejected it.
 */
@FunctionalInterface
public interface AppValidator {
    /** The problems of the app, each naming its field; empty when it may be submitted. */
    List<String> problems(SparkApplication app);

    /** The policy module's built-in SparkApplication rules, the same the webhook applies. */
    static AppValidator builtInRules() {
        return app -> SparkAppRules.validate(app, app.getMetadata().getNamespace());
    }
}
