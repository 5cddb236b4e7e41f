package io.sparkgate.mutators;

import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What a mutator knows about the pod being admitted: the AdmissionRequest's namespace (never the pod's own
 * {@code metadata.namespace}, which can be empty at admission), its Spark role, its SparkApplication if one is
 * known, and a sink for warnings returned to the client.
 */
public final class MutationContext {
    private final String namespace;
    private final SparkRole role;
    private final SparkApplication app;
    private final List<String> warnings = new ArrayList<>();
    private String refusal;

    /**
     * @param namespace the AdmissionRequest's namespace
     * @param role      the pod's Spark role
     * @param app       the pod's SparkApplication, or null when the pod belongs to none (plain spark-submit)
     */
    public MutationContext(String namespace, SparkRole role, SparkApplication app) {
        this.namespace = namespace;
        this.role = role;
        this.app = app;
    }

    /** The namespace of the AdmissionRequest. */
    public String namespace() {
        return namespace;
    }

    /** The pod's Spark role. */
    public SparkRole role() {
        return role;
    }

    /** The pod's SparkApplication, if known. */
    public Optional<SparkApplication> app() {
        return Optional.ofNullable(app);
    }

    /** Records a warning for the admission response; the same text is recorded once. */
    public void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    /**
     * Asks for the pod to be denied with this message, for a field whose partial application would be unsafe
     * (e.g. a credentials variable pointing at a Secret that could not be mounted). The first refusal is kept;
     * the chain stops after the mutator that refused and returns no patch.
     */
    public void refuse(String message) {
        if (refusal == null) {
            refusal = message;
        }
    }

    /** The refusal message, if a mutator refused the pod. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The warnings recorded so far, in order. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }
}
