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

    /** The sum of both amounts; saturates at the bounds of a long instead of wrapping. */
    public Resources plus(Resources o) {
        return new Resources(add(cpuMillis, o.cpuMillis), add(memoryMiB, o.memoryMiB),
                add(cpuLimitMillis, o.cpuLimitMillis), add(memoryLimitMiB, o.memoryLimitMiB),
                add(executors, o.executors), add(apps, o.apps));
    }

    /** This amount less {@code o}, field by field (may go negative; callers subtract what they added). */
    public Resources minus(Resources o) {
        return new Resources(sub(cpuMillis, o.cpuMillis), sub(memoryMiB, o.memoryMiB),
                sub(cpuLimitMillis, o.cpuLimitMillis), sub(memoryLimitMiB, o.memoryLimitMiB),
                sub(executors, o.executors), sub(apps, o.apps));
    }

    /** This amount {@code n} times; saturates instead of wrapping, so a huge app never counts as a small one. */
    public Resources times(long n) {
        return new Resources(mul(cpuMillis, n), mul(memoryMiB, n), mul(cpuLimitMillis, n), mul(memoryLimitMiB, n),
                mul(executors, n), mul(apps, n));
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

    private static long add(long a, long b) {
        long r = a + b;
        // Overflow iff both operands have the sign opposite to the result (Hacker's Delight 2-13).
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    private static long sub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    private static long mul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
