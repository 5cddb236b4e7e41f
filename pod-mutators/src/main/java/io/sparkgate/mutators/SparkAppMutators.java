package io.sparkgate.mutators;

import java.util.List;

/**
 * The one ordered list of the SparkApplication-driven pod mutators. Order matters only where one mutator's edit
 * is another's input: volumes come before anything that mounts, env comes after the ConfigMaps so a user's
 * {@code env} has the last word on {@code SPARK_CONF_DIR}, and the event-log mount comes last so it never takes a
 * path the app itself asked for.
 */
public final class SparkAppMutators {
    private SparkAppMutators() {
    }

    /** New instances of every app-driven mutator, in the order they run. */
    public static List<PodMutator> all() {
        return List.of(
                new OwnerReferenceMutator(),
                new MetadataMutator(),
                new VolumesMutator(),
                new ConfigMapsMutator(),
                new SecretsMutator(),
                new EnvMutator(),
                new SchedulingMutator(),
                new PodSettingsMutator(),
                new SparkContainerMutator(),
                new ResourcesMutator(),
                new ContainersMutator(),
                new PrometheusMutator(),
                new EventLogVolumeMutator());
    }

    /** The chain of {@link #all()}. */
    public static MutationChain chain() {
        return new MutationChain(all());
    }
}
