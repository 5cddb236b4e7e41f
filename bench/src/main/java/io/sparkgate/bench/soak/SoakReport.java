package io.sparkgate.bench.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak's minute rows (written to a CSV file as they come) and its verdict: no restart, no failed admission, and
 * the live heap of each process over the last {@code window} measured minutes within {@code boundPct} % (or {@code
 * boundMib} MiB, whichever is larger) of its mean over the first {@code window}.
 */
final class SoakReport implements AutoCloseable {
    static final String HEADER = "minute,phase,time_utc,load1,webhook_heap_mib,webhook_rss_mib,webhook_restarts,"
            + "operator_heap_mib,operator_rss_mib,operator_restarts,admissions_ok,admissions_failed,"
            + "admissions_denied,admissions_unpatched,mutate_p50_ms,mutate_p99_ms,operator_queue_depth,api_objects,"
            + "churn";

    /** One minute of the soak. */
    record Row(int minute, String phase, String time, double load, double webhookHeap, double webhookRss,
               int webhookRestarts, double operatorHeap, double operatorRss, int operatorRestarts,
               AdmissionDriver.Window admissions, double queueDepth, String apiObjects, String churn) {
        String csv() {
            return String.format(Locale.ROOT, "%d,%s,%s,%.2f,%.1f,%.0f,%d,%.1f,%.0f,%d,%d,%d,%d,%d,%.2f,%.2f,%.0f,%s,%s",
                    minute, phase, time, load, webhookHeap, webhookRss, webhookRestarts, operatorHeap, operatorRss,
                    operatorRestarts, admissions.good(), admissions.failed(), admissions.denied(),
                    admissions.unpatched(), admissions.percentileMs(0.50), admissions.percentileMs(0.99), queueDepth,
                    apiObjects, churn.replace(',', ';'));
        }
    }

    private final PrintWriter csv;
    private final List<Row> rows = new ArrayList<>();

    SoakReport(Path file) throws IOException {
        csv = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
        csv.println(HEADER);
        System.out.println(HEADER);
    }

    void add(Row row) {
        rows.add(row);
        csv.println(row.csv());
        System.out.println(row.csv());
    }

    /** The verdict over the measured rows, printed as lines; true when the soak passed. */
    boolean verdict(int window, double boundPct, double boundMib, List<String> out) {
        List<Row> measured = rows.stream().filter(r -> r.phase().equals("soak")).toList();
        if (measured.isEmpty()) {
            out.add("no measured minutes");
            return false;
        }
        int w = Math.max(1, Math.min(window, measured.size() / 2));
        Row last = measured.get(measured.size() - 1);
        int restarts = last.webhookRestarts() + last.operatorRestarts();
        long bad = measured.stream().mapToLong(r -> r.admissions().bad()).sum();
        long good = measured.stream().mapToLong(r -> r.admissions().good()).sum();
        boolean pass = restarts == 0 && bad == 0;
        out.add(String.format(Locale.ROOT, "restarts: webhook %d, operator %d", last.webhookRestarts(),
                last.operatorRestarts()));
        out.add(String.format(Locale.ROOT, "admissions: %d good, %d failed/denied/unpatched over %d minutes", good,
                bad, measured.size()));
        for (String process : List.of("webhook", "operator")) {
            double first = mean(measured.subList(0, w), process);
            double end = mean(measured.subList(measured.size() - w, measured.size()), process);
            double allowed = Math.max(first * boundPct / 100, boundMib);
            boolean ok = end - first <= allowed;
            pass &= ok;
            out.add(String.format(Locale.ROOT, "%s live heap: first %d min %.1f MiB, last %d min %.1f MiB, change "
                            + "%+.1f MiB (%+.1f %%), allowed +%.1f MiB: %s", process, w, first, w, end, end - first,
                    100 * (end - first) / first, allowed, ok ? "ok" : "GROWTH"));
        }
        out.add(pass ? "PASS" : "FAIL");
        return pass;
    }

    private static double mean(List<Row> rows, String process) {
        return rows.stream().mapToDouble(r -> process.equals("webhook") ? r.webhookHeap() : r.operatorHeap())
                .filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }

    @Override
    public void close() {
        csv.close();
    }
}
