package io.sparkgate.launcher.spark;

/** One of Spark's driver feature steps: adds its part to the driver draft. */
interface DriverStep {
    /** Adds this step's part to the pod, container, properties or extra objects. */
    void apply(DriverDraft draft);
}
