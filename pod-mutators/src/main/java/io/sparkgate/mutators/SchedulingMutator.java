package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;

/**
 * Where and by whom the pod is scheduled: {@code affinity}, {@code tolerations}, the app-level then role-level
 * {@code nodeSelector}, {@code schedulerName} ({@code batchScheduler} wins over the role's), and
 * {@code priorityClassName}, which also drops {@code priority} and {@code preemptionPolicy} because the API
 * server's Priority admission fills them from the class and refuses a pod whose values disagree with it.
 */
public final class SchedulingMutator extends AppMutator {

    @Override
    public String name() {
        return "scheduling";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        PodSpec spec = PodEdits.spec(pod);
        if (role.affinity() != null) {
            spec.setAffinity(PodEdits.replace(context, spec.getAffinity(), PodEdits.copy(role.affinity()),
                    roleField + ".affinity"));
        }
        PodEdits.addTolerations(pod, role.tolerations().stream().map(PodEdits::copy).toList());
        PodEdits.putNodeSelector(context, pod, app.getSpec().nodeSelector(), "spec.nodeSelector");
        PodEdits.putNodeSelector(context, pod, role.nodeSelector(), roleField + ".nodeSelector");
        String batch = app.getSpec().batchScheduler();
        boolean useBatch = batch != null && !batch.isEmpty();
        String scheduler = useBatch ? batch : role.schedulerName();
        if (scheduler != null && !scheduler.isEmpty()) {
            spec.setSchedulerName(PodEdits.replace(context, spec.getSchedulerName(), scheduler,
                    useBatch ? "spec.batchScheduler" : roleField + ".schedulerName"));
        }
        String priorityClass = role.priorityClassName();
        if (priorityClass != null && !priorityClass.isEmpty()) {
            spec.setPriorityClassName(PodEdits.replace(context, spec.getPriorityClassName(), priorityClass,
                    roleField + ".priorityClassName"));
            spec.setPriority(null);
            spec.setPreemptionPolicy(null);
        }
    }
}
