package io.sparkgate.policy.quota;

/**
 * An amount of what quotas count: CPU and memory requests and limits, executors and apps. Memory is always
 * the pod's request, i.e. heap plus overhead, counted once.
 *
 * @param cpuMillis      CPU requests in millicores
 * @param memoryMiB      memory requests in MiB
 * @param cpuLimitMillis CPU limits in millicores (the request where a pod sets no limit)
 * @param memoryLimitMiB memory limits in MiB (the request where a pod sets no limit)
 * @param executors      executor pods
 * @param apps           running apps
 */
public record Resources(long cpuMillis, long memoryMiB, long cpuLimitMillis, long memoryLimitMiB, long executors,
                        long apps) {
    /** Nothing. */
    public static final Resources ZERO = new Resources(0, 0, 0, 0, 0, 0);

    /** The sum of both amounts. */
    public Resources plus(Resources o) {
        return new Resources(cpuMillis + o.cpuMillis, memoryMiB + o.memoryMiB, cpuLimitMillis + o.cpuLimitMillis,
                memoryLimitMiB + o.memoryLimitMiB, executors + o.executors, apps + o.apps);
    }

    /** This amount less {@code o}, field by field (may go negative; callers subtract what they added). */
    public Resources minus(Resources o) {
        return new Resources(cpuMillis - o.cpuMillis, memoryMiB - o.memoryMiB, cpuLimitMillis - o.cpuLimitMillis,
                memoryLimitMiB - o.memoryLimitMiB, executors - o.executors, apps - o.apps);
    }

    /** This amount {@code n} times. */
    public Resources times(long n) {
        return new Resources(cpuMillis * n, memoryMiB * n, cpuLimitMillis * n, memoryLimitMiB * n, executors * n,
                apps * n);
    }

    /** What this amount has beyond {@code o}, field by field, never negative. */
    public Resources beyond(Resources o) {
        return new Resources(Math.max(0, cpuMillis - o.cpuMillis), Math.max(0, memoryMiB - o.memoryMiB),
                Math.max(0, cpuLimitMillis - o.cpuLimitMillis), Math.max(0, memoryLimitMiB - o.memoryLimitMiB),
                Math.max(0, executors - o.executors), Math.max(0, apps - o.apps));
    }

    /** The larger of both amounts, field by field: how an app's declared demand and its live pods count once. */
    public Resources max(Resources o) {
        return new Resources(Math.max(cpuMillis, o.cpuMillis), Math.max(memoryMiB, o.memoryMiB),
                Math.max(cpuLimitMillis, o.cpuLimitMillis), Math.max(memoryLimitMiB, o.memoryLimitMiB),
                Math.max(executors, o.executors), Math.max(apps, o.apps));
    }

    /** This amount with the app count replaced. */
    public Resources withApps(long n) {
        return new Resources(cpuMillis, memoryMiB, cpuLimitMillis, memoryLimitMiB, executors, n);
    }

    /** Whether every field is zero. */
    public boolean isZero() {
        return equals(ZERO);
    }
}
