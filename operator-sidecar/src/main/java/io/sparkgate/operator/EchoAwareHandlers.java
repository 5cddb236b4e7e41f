package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.ApplicationStateType;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.Map;
import java.util.Objects;

/**
 * The informer handlers of the operator's queue. Every event still enqueues its app (some reconcile steps end
 * expecting the next event), but the two kinds of event the operator causes itself are enqueued as echoes, so that
 * {@link WorkQueue#depth()} counts backlog and not the operator's own writes coming back: an app update carrying a
 * resourceVersion the reconciler just wrote, and the add of a not-yet-started driver pod of a submission it started.
 */
final class EchoAwareHandlers {
    private EchoAwareHandlers() {
    }

    /** SparkApplication events: the app's key, plus the key of a ScheduledSparkApplication that owns it. */
    static final class Apps implements ResourceEventHandler<SparkApplication> {
        private final WorkQueue queue;
        private final AppReconciler reconciler;
        private final String appPrefix;
        private final String scheduledPrefix;

        Apps(WorkQueue queue, AppReconciler reconciler, String appPrefix, String scheduledPrefix) {
            this.queue = queue;
            this.reconciler = reconciler;
            this.appPrefix = appPrefix;
            this.scheduledPrefix = scheduledPrefix;
        }

        @Override
        public void onAdd(SparkApplication app) {
            queue.add(appPrefix + Cache.metaNamespaceKeyFunc(app));
            owners(app);
        }

        @Override
        public void onUpdate(SparkApplication old, SparkApplication app) {
            if (Objects.equals(old.getMetadata().getResourceVersion(), app.getMetadata().getResourceVersion())) {
                // A resync: a periodic second look at an unchanged app, not backlog.
                queue.addEcho(appPrefix + Cache.metaNamespaceKeyFunc(app), () -> true);
            } else {
                // Asked lazily: the watch can deliver our write before updateStatus has returned to the reconciler.
                queue.addEcho(appPrefix + Cache.metaNamespaceKeyFunc(app), () -> reconciler.wrote(app));
            }
            owners(app);
        }

        @Override
        public void onDelete(SparkApplication app, boolean finalStateUnknown) {
            queue.add(appPrefix + Cache.metaNamespaceKeyFunc(app));
            owners(app);
        }

        private void owners(SparkApplication app) {
            for (OwnerReference ref : app.getMetadata().getOwnerReferences()) {
                if ("ScheduledSparkApplication".equals(ref.getKind())) {
                    queue.add(scheduledPrefix + app.getMetadata().getNamespace() + "/" + ref.getName());
                }
            }
        }
    }

    /** Spark pod events: the key of the app named in the pod's labels. */
    static final class Pods implements ResourceEventHandler<Pod> {
        private final WorkQueue queue;
        private final AppReconciler reconciler;
        private final String appPrefix;

        Pods(WorkQueue queue, AppReconciler reconciler, String appPrefix) {
            this.queue = queue;
            this.reconciler = reconciler;
            this.appPrefix = appPrefix;
        }

        @Override
        public void onAdd(Pod pod) {
            String app = appKey(pod);
            if (app == null) {
                return;
            }
            Map<String, String> labels = pod.getMetadata().getLabels();
            String submission = labels.get(SparkLabels.SUBMISSION_ID);
            // A driver that has not started says only what the submission already recorded (SUBMITTED).
            if ("driver".equals(labels.get(SparkLabels.SPARK_ROLE))
                    && PodStates.ofDriver(pod).state() == ApplicationStateType.SUBMITTED) {
                queue.addEcho(appPrefix + app, () -> reconciler.submitted(app, submission));
            } else {
                queue.add(appPrefix + app);
            }
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            String app = appKey(pod);
            if (app != null) {
                queue.add(appPrefix + app);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            onUpdate(pod, pod);
        }

        private static String appKey(Pod pod) {
            String app = Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.<String, String>of())
                    .get(SparkLabels.APP_NAME);
            return app == null ? null : pod.getMetadata().getNamespace() + "/" + app;
        }
    }
}
