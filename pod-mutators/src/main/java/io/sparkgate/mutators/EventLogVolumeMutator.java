package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import io.sparkgate.api.v1beta2.SparkRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event log on a volume, asked for by annotating the SparkApplication
 * {@code sparkgate.io/event-log-volume: <claim>} (and optionally {@code sparkgate.io/event-log-dir}, default
 * {@code /mnt/spark-events}): the claim is mounted on the driver at the directory and the driver container's args
 * get {@code --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file:<dir>} at the end of its
 * spark-submit options. Spark's entrypoint hands those args to spark-submit, where {@code --conf} wins over
 * {@code spark.properties}, so this works whoever created the driver (our launcher, kubeflow's operator, plain
 * spark-submit). All or nothing: without a driver command to extend, the volume is not mounted either.
 */
public final class EventLogVolumeMutator extends AppMutator {
    /** The name of the event-log volume. */
    public static final String VOLUME_NAME = "sparkgate-event-log";
    static final String ENABLED = "spark.eventLog.enabled";
    static final String DIR = "spark.eventLog.dir";

    @Override
    public String name() {
        return "event-log-volume";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        Map<String, String> annotations = app.getMetadata().getAnnotations();
        String claim = annotations == null ? null : annotations.get(SparkLabels.EVENT_LOG_VOLUME);
        if (context.role() != SparkRole.DRIVER || claim == null) {
            return;
        }
        String field = "metadata.annotations[" + SparkLabels.EVENT_LOG_VOLUME + "]";
        String dir = annotations.getOrDefault(SparkLabels.EVENT_LOG_DIR, SparkLabels.DEFAULT_EVENT_LOG_DIR);
        if (!DnsNames.isSubdomain(claim)) {
            context.warn(field + ": \"" + claim + "\" is not a valid PersistentVolumeClaim name: no event log volume");
            return;
        }
        if (!dir.startsWith("/") || dir.contains(",") || dir.chars().anyMatch(Character::isWhitespace)) {
            context.warn("metadata.annotations[" + SparkLabels.EVENT_LOG_DIR + "]: \"" + dir
                    + "\" is not an absolute path without spaces or commas: no event log volume");
            return;
        }
        Optional<Container> found = sparkContainer(context, pod, field);
        if (found.isEmpty()) {
            return;
        }
        Container c = found.get();
        List<String> args = c.getArgs();
        if (args.isEmpty() || !SubmitArgs.DRIVER_COMMAND.equals(args.get(0))) {
            context.warn(field + ": the driver container does not run Spark's entrypoint with \"driver\", so the"
                    + " event log settings cannot be passed to it: no event log volume");
            return;
        }
        if (PodEdits.addVolumeWithMount(context, pod, c, Volumes.claim(VOLUME_NAME, claim),
                Volumes.mount(VOLUME_NAME, dir, false), field)) {
            c.setArgs(withEventLog(context, args, "file:" + dir, field));
        }
    }

    /** The args with the event-log settings effective, unchanged when they already are. */
    static List<String> withEventLog(MutationContext context, List<String> args, String dir, String field) {
        Map<String, String> confs = SubmitArgs.confs(args);
        if ("true".equals(confs.get(ENABLED)) && dir.equals(confs.get(DIR))) {
            return args;
        }
        if (confs.containsKey(ENABLED) || confs.containsKey(DIR)) {
            context.warn(field + ": overrides the driver's own spark.eventLog settings");
        }
        List<String> out = new ArrayList<>(args);
        out.addAll(SubmitArgs.endOfOptions(args), List.of("--conf", ENABLED + "=true", "--conf", DIR + "=" + dir));
        return out;
    }
}
