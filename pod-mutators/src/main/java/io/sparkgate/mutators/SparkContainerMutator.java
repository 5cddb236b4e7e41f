package io.sparkgate.mutators;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkgate.api.v1beta2.Port;
import io.sparkgate.api.v1beta2.SparkApplication;
import io.sparkgate.api.v1beta2.SparkPodSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Spark container's own settings: {@code securityContext} and {@code lifecycle} (the app's replace the
 * pod's), and extra {@code ports} (added unless the container has a port of that name or number).
 */
public final class SparkContainerMutator extends AppMutator {
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
    private static final int MAX_PORT_NAME = 15;
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    @Override
    public String name() {
        return "spark-container";
    }

    @Override
    void mutate(MutationContext context, Pod pod, SparkApplication app, SparkPodSpec role, String roleField) {
        if (role.securityContext() == null && role.lifecycle() == null && role.ports().isEmpty()) {
            return;
        }
        Optional<Container> found = sparkContainer(context, pod, roleField);
        if (found.isEmpty()) {
            return;
        }
        Container c = found.get();
        if (role.securityContext() != null) {
            c.setSecurityContext(PodEdits.replace(context, c.getSecurityContext(),
                    PodEdits.copy(role.securityContext()), roleField + ".securityContext"));
        }
        if (role.lifecycle() != null) {
            c.setLifecycle(PodEdits.replace(context, c.getLifecycle(), PodEdits.copy(role.lifecycle()),
                    roleField + ".lifecycle"));
        }
        List<Port> ports = role.ports();
        for (int i = 0; i < ports.size(); i++) {
            String field = roleField + ".ports[" + i + "]";
            toContainerPort(context, ports.get(i), field).ifPresent(p -> PodEdits.addPort(context, c, p, field));
        }
    }

    /** The container port for a port of the app, or empty with a warning when the API server would reject it. */
    static Optional<ContainerPort> toContainerPort(MutationContext context, Port port, String field) {
        Integer number = port.containerPort();
        String protocol = port.protocol() == null || port.protocol().isEmpty() ? "TCP" : port.protocol();
        String name = port.name() == null || port.name().isEmpty() ? null : port.name();
        if (number == null || number < 1 || number > 65535) {
            context.warn(field + ": containerPort must be between 1 and 65535: skipped");
            return Optional.empty();
        }
        if (!PROTOCOLS.contains(protocol)) {
            context.warn(field + ": protocol must be TCP, UDP or SCTP: skipped");
            return Optional.empty();
        }
        if (name != null && (name.length() > MAX_PORT_NAME || !PORT_NAME.matcher(name).matches()
                || !HAS_LETTER.matcher(name).matches() || name.contains("--"))) {
            context.warn(field + ": port name \"" + name
                    + "\" must be at most 15 lower-case alphanumerics or '-', with a letter: skipped");
            return Optional.empty();
        }
        ContainerPort p = new ContainerPort();
        p.setName(name);
        p.setContainerPort(number);
        p.setProtocol(protocol);
        return Optional.of(p);
    }
}
