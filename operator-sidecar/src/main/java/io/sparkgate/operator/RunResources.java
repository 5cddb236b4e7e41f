package io.sparkgate.operator;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkgate.api.SparkLabels;
import io.sparkgate.api.v1beta2.DriverInfo;
import io.sparkgate.api.v1beta2.DriverIngressConfiguration;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkApplicationStatus;
import io.sparkgate.api.v1beta2.SparkUIConfiguration;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects around a run that the operator owns: the Spark UI Service and Ingress it creates (owned by the
 * SparkApplication, so deleting the app deletes them), and the deletion of a finished or abandoned run's pods
 * and Services. Releasing a finished run is what frees its executors and driver Service (kubeflow issue: driver
 * resources not released after a run); the terminated driver pod is kept for its logs until the TTL.
 */
final class RunResources {
    /** Spark's default UI port ({@code spark.ui.port}). */
    static final int SPARK_UI_PORT = 4040;
    private final KubernetesClient client;

    RunResources(KubernetesClient client) {
        this.client = client;
    }

    /** Deletes the run's executors, its driver Service and the UI objects; keeps the driver pod. */
    void release(SparkApplication app, RunPods pods) {
        String ns = app.getMetadata().getNamespace();
        for (Pod executor : pods.executors()) {
            quietly(() -> client.pods().inNamespace(ns).resource(executor).delete());
        }
        SparkApplicationStatus status = app.getStatus();
        if (status != null && status.getSparkApplicationId() != null) {
            quietly(() -> client.services().inNamespace(ns)
                    .withLabel(SparkLabels.SPARK_APP_SELECTOR, status.getSparkApplicationId()).delete());
        }
        quietly(() -> client.services().inNamespace(ns).withName(uiServiceName(app)).delete());
        quietly(() -> client.network().v1().ingresses().inNamespace(ns).withName(uiIngressName(app)).delete());
        for (DriverIngressConfiguration option : app.getSpec().driverIngressOptions()) {
            if (option.servicePort() != null) {
                String name = driverPortServiceName(app, option.servicePort());
                quietly(() -> client.services().inNamespace(ns).withName(name).delete());
                quietly(() -> client.network().v1().ingresses().inNamespace(ns).withName(name + "-ingress").delete());
            }
        }
    }

    /** Deletes everything of the run, the driver pod included (its ConfigMaps are owned by it). */
    void removeRun(SparkApplication app, RunPods pods) {
        release(app, pods);
        String ns = app.getMetadata().getNamespace();
        if (pods.driver() != null) {
            quietly(() -> client.pods().inNamespace(ns).resource(pods.driver()).delete());
        } else if (app.getStatus() != null && app.getStatus().getDriverInfo().podName() != null) {
            quietly(() -> client.pods().inNamespace(ns).withName(app.getStatus().getDriverInfo().podName()).delete());
        }
    }

    /** Deletes the app itself; owner references take its remaining pods, Services and ConfigMaps with it. */
    void deleteApp(SparkApplication app) {
        quietly(() -> client.resources(SparkApplication.class).inNamespace(app.getMetadata().getNamespace())
                .withName(app.getMetadata().getName()).delete());
    }

    /**
     * Creates the Spark UI Service (and an Ingress when {@code ingressUrlFormat} is set) for a submitted run and
     * returns the driver info naming them.
     */
    DriverInfo exposeUi(SparkApplication app, String appId, DriverInfo info, String ingressUrlFormat) {
        SparkUIConfiguration ui = app.getSpec().sparkUIOptions();
        String ns = app.getMetadata().getNamespace();
        int port = ui != null && ui.servicePort() != null ? ui.servicePort() : SPARK_UI_PORT;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SparkLabels.APP_NAME, app.getMetadata().getName());
        if (ui != null) {
            labels.putAll(ui.serviceLabels());
        }
        Service service = service(app, uiServiceName(app), appId, labels,
                ui == null ? Map.of() : ui.serviceAnnotations(), ui == null ? null : ui.serviceType(),
                ui != null && ui.servicePortName() != null ? ui.servicePortName() : "spark-driver-ui-port", port,
                uiPort(app));
        Service stored = createOrGet(service);
        String clusterIp = stored.getSpec() == null ? null : stored.getSpec().getClusterIP();
        String address = (clusterIp == null || clusterIp.isBlank() ? uiServiceName(app) + "." + ns + ".svc"
                : clusterIp) + ":" + port;
        String ingressName = null;
        String ingressAddress = null;
        if (ingressUrlFormat != null && !ingressUrlFormat.isBlank()) {
            ingressAddress = expand(ingressUrlFormat, app);
            ingressName = uiIngressName(app);
            createIngress(app, ingressName, uiServiceName(app), ingressAddress, port,
                    ui == null ? Map.of() : ui.ingressAnnotations(), ui == null ? List.of() : ui.ingressTLS());
        }
        return new DriverInfo(uiServiceName(app), address, port, ingressName, ingressAddress, info.podName());
    }

    private void createIngress(SparkApplication app, String name, String serviceName, String url, int port,
                               Map<String, String> annotations, List<IngressTLS> tls) {
        String hostAndPath = url.replaceFirst("^https?://", "");
        String host = hostAndPath.contains("/") ? hostAndPath.substring(0, hostAndPath.indexOf('/')) : hostAndPath;
        String path = hostAndPath.contains("/") ? hostAndPath.substring(hostAndPath.indexOf('/')) : "/";
        Ingress ingress = new IngressBuilder()
                .withNewMetadata().withName(name).withNamespace(app.getMetadata().getNamespace())
                .withLabels(Map.of(SparkLabels.APP_NAME, app.getMetadata().getName()))
                .withAnnotations(annotations).withOwnerReferences(owner(app)).endMetadata()
                .withNewSpec().withTls(tls)
                .addNewRule().withHost(host).withNewHttp().addNewPath().withPath(path)
                .withPathType("ImplementationSpecific").withNewBackend().withNewService().withName(serviceName)
                .withNewPort().withNumber(port).endPort().endService().endBackend().endPath().endHttp().endRule()
                .endSpec().build();
        try {
            client.network().v1().ingresses().inNamespace(app.getMetadata().getNamespace()).resource(ingress).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    /**
     * Creates a Service (and, with an {@code ingressURLFormat}, an Ingress) for each of the app's
     * {@code driverIngressOptions}, named as kubeflow names them: {@code <app>-driver-<port>}.
     */
    void exposeDriverPorts(SparkApplication app, String appId) {
        for (DriverIngressConfiguration option : app.getSpec().driverIngressOptions()) {
            if (option.servicePort() == null) {
                continue;
            }
            int port = option.servicePort();
            String name = driverPortServiceName(app, port);
            Map<String, String> labels = new LinkedHashMap<>(option.serviceLabels());
            labels.put(SparkLabels.APP_NAME, app.getMetadata().getName());
            createOrGet(service(app, name, appId, labels, option.serviceAnnotations(), option.serviceType(),
                    option.servicePortName() != null ? option.servicePortName() : "driver-ing-" + port, port, port));
            String format = option.ingressURLFormat();
            if (format != null && !format.isBlank()) {
                createIngress(app, name + "-ingress", name, expand(format, app), port, option.ingressAnnotations(),
                        option.ingressTLS());
            }
        }
    }

    // The model's setters rather than fabric8's fluent builders: the same JSON for 1.7 instead of 12 KB of garbage
    // per Service (docs/benchmarks.md, issue 7).
    private Service service(SparkApplication app, String name, String appId, Map<String, String> labels,
                            Map<String, String> annotations, String type, String portName, int port, int target) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(app.getMetadata().getNamespace());
        meta.setLabels(new LinkedHashMap<>(labels));
        meta.setAnnotations(new LinkedHashMap<>(annotations));
        meta.setOwnerReferences(new ArrayList<>(List.of(owner(app))));
        ServicePort servicePort = new ServicePort();
        servicePort.setName(portName);
        servicePort.setPort(port);
        servicePort.setTargetPort(new IntOrString(target));
        servicePort.setProtocol("TCP");
        ServiceSpec spec = new ServiceSpec();
        spec.setType(type != null ? type : "ClusterIP");
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(SparkLabels.SPARK_APP_SELECTOR, appId);
        selector.put(SparkLabels.SPARK_ROLE, "driver");
        spec.setSelector(selector);
        spec.setPorts(new ArrayList<>(List.of(servicePort)));
        Service service = new Service();
        service.setMetadata(meta);
        service.setSpec(spec);
        return service;
    }

    private static String expand(String format, SparkApplication app) {
        return format.replace("{{$appName}}", app.getMetadata().getName())
                .replace("{{$appNamespace}}", app.getMetadata().getNamespace());
    }

    /** kubeflow's name of the Service exposing a driver port. */
    static String driverPortServiceName(SparkApplication app, int port) {
        return app.getMetadata().getName() + "-driver-" + port;
    }

    private Service createOrGet(Service service) {
        String ns = service.getMetadata().getNamespace();
        try {
            return client.services().inNamespace(ns).resource(service).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            Service existing = client.services().inNamespace(ns).withName(service.getMetadata().getName()).get();
            return existing == null ? service : existing;
        }
    }

    private static int uiPort(SparkApplication app) {
        String conf = app.getSpec().sparkConf().get("spark.ui.port");
        try {
            return conf == null ? SPARK_UI_PORT : Integer.parseInt(conf.trim());
        } catch (NumberFormatException e) {
            return SPARK_UI_PORT;
        }
    }

    /** kubeflow's UI Service name. */
    static String uiServiceName(SparkApplication app) {
        return app.getMetadata().getName() + "-ui-svc";
    }

    /** kubeflow's UI Ingress name. */
    static String uiIngressName(SparkApplication app) {
        return app.getMetadata().getName() + "-ui-ingress";
    }

    /** An owner reference to the app, so Kubernetes' garbage collector deletes the object with it. */
    static OwnerReference owner(SparkApplication app) {
        OwnerReference ref = new OwnerReference();
        ref.setApiVersion(SparkApplication.API_VERSION);
        ref.setKind("SparkApplication");
        ref.setName(app.getMetadata().getName());
        ref.setUid(app.getMetadata().getUid());
        ref.setController(true);
        ref.setBlockOwnerDeletion(true);
        return ref;
    }

    private static void quietly(Runnable delete) {
        try {
            delete.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }
}
