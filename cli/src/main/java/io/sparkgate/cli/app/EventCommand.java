package io.sparkgate.cli.app;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.sparkgate.api.v1beta2.SparkApplication;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkgate event <app>}: the Events of a SparkApplication and of its driver and executor pods. */
@Command(name = "event", mixinStandardHelpOptions = true,
        description = "List the Events of a SparkApplication and its pods.")
public final class EventCommand extends AppVerb {
    @Parameters(index = "0", paramLabel = "APP", description = "Name of the SparkApplication.")
    String app;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new Events until Ctrl-C.")
    boolean follow;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml.")
    OutputFormat output;

    /** Used by picocli. */
    public EventCommand() {
        this(AppContext.system());
    }

    EventCommand(AppContext context) {
        super(context);
    }

    @Override
    int execute(KubernetesClient client, String namespace) throws InterruptedException {
        SparkApps apps = new SparkApps(client, namespace);
        SparkApplication application = apps.require(app);
        Set<String> pods = podNames(apps);
        var listed = client.v1().events().inNamespace(namespace).list();
        List<Event> events = listed.getItems().stream()
                .filter(e -> concerns(e, pods)).sorted(Comparator.comparing(EventCommand::when)).toList();
        if (output.serialized()) {
            Formats.print(Formats.list(events), output, out());
            return 0;
        }
        Table table = new Table("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        events.forEach(e -> row(table, e));
        if (table.isEmpty() && !follow) {
            out().printf("No events for sparkapplication %s/%s (state %s).%n", namespace, app,
                    SparkApps.state(application));
        } else {
            table.print(out());
        }
        out().flush();
        if (follow) {
            return followEvents(client, namespace, apps, listed.getMetadata().getResourceVersion());
        }
        return 0;
    }

    /**
     * Prints the Events that come after the list (a watch from its resourceVersion, so none is printed twice)
     * until Ctrl-C; a stream the API server ends with an error is exit code 1.
     */
    private int followEvents(KubernetesClient client, String namespace, SparkApps apps, String from)
            throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        var events = client.v1().events().inNamespace(namespace);
        try (Watch ignored = (from == null || from.isEmpty() ? events : events.withResourceVersion(from))
                .watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Event event) {
                if (action != Action.DELETED && concerns(event, podNames(apps))) {
                    Table t = new Table("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
                    row(t, event);
                    synchronized (EventCommand.this) {
                        out().println(lineOf(t));
                        out().flush();
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                spec.commandLine().getErr().println("error: the event stream closed: " + cause.getMessage());
                spec.commandLine().getErr().flush();
                failed.set(true);
                closed.countDown();
            }

            @Override
            public void onClose() {
                closed.countDown();
            }
        })) {
            closed.await();
        }
        return failed.get() ? FAILED : 0;
    }

    private Set<String> podNames(SparkApps apps) {
        return apps.pods(app, null).stream().map(Pod::getMetadata).map(m -> m.getName()).collect(Collectors.toSet());
    }

    private boolean concerns(Event event, Set<String> pods) {
        ObjectReference o = event.getInvolvedObject();
        if (o == null) {
            return false;
        }
        return ("SparkApplication".equals(o.getKind()) && app.equals(o.getName()))
                || ("Pod".equals(o.getKind()) && pods.contains(o.getName()));
    }

    private void row(Table table, Event e) {
        table.row(Formats.age(when(e), context.clock()), e.getType(), e.getReason(),
                e.getInvolvedObject().getKind().toLowerCase() + "/" + e.getInvolvedObject().getName(),
                e.getMessage() == null ? null : e.getMessage().strip().replace('\n', ' '));
    }

    private static String lineOf(Table single) {
        java.io.StringWriter text = new java.io.StringWriter();
        single.print(new java.io.PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** When the event last happened, by the best timestamp the API server filled. */
    private static String when(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata().getCreationTimestamp() == null ? "" : e.getMetadata().getCreationTimestamp();
    }
}
