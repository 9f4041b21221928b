package org.rambo.harness.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.RunStatus;

/**
 * final.json of a training run, from its tables: the last evaluated epoch's metrics (the fair
 * number), the best-R@1 epoch (what the paper reported), wall time and mean step and sort times.
 */
final class FinalRecords {

    private static final List<String> STEP_PHASES =
            List.of("data_ms", "forward_ms", "loss_ms", "backward_ms", "optimizer_ms");

    private FinalRecords() {}

    static FinalRecord of(
            RunConfig config,
            MetricsTable epochs,
            MetricsTable steps,
            long startedNanos,
            RunStatus status,
            String failure) {
        Map<String, Double> last = null;
        Map<String, Double> best = null;
        double bestR1 = Double.NEGATIVE_INFINITY;
        double wallSeconds = 0;
        for (Map<String, String> row : epochs.rows()) {
            wallSeconds += Double.parseDouble(row.get("epoch_seconds"));
            String r1 = row.get("recall_at_1");
            if (r1 == null || r1.isEmpty()) {
                continue;
            }
            Map<String, Double> metrics = metricsOf(row);
            last = metrics;
            if (Double.parseDouble(r1) > bestR1) {
                bestR1 = Double.parseDouble(r1);
                best = new LinkedHashMap<>();
                best.put("epoch", Double.parseDouble(row.get("epoch")));
                best.putAll(metrics);
            }
        }
        double stepMs = 0;
        double sortMs = 0;
        for (Map<String, String> row : steps.rows()) {
            for (String phase : STEP_PHASES) {
                stepMs += Double.parseDouble(row.get(phase));
            }
            sortMs += Double.parseDouble(row.get("sort_ms"));
        }
        int n = Math.max(1, steps.rows().size());
        return new FinalRecord(
                status,
                config.grid(),
                config.dataset().name(),
                config.method(),
                config.loss().toString(),
                config.seed(),
                epochs.rows().size(),
                last,
                best,
                wallSeconds,
                stepMs / n,
                sortMs / n,
                (System.nanoTime() - startedNanos) / 1e9,
                failure,
                null);
    }

    /** The metric columns of an epoch row (not the timings); metrics not computed (NMI switched off) stay out. */
    private static Map<String, Double> metricsOf(Map<String, String> row) {
        Map<String, Double> m = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (!RunFolder.EPOCH_COLUMNS.contains(k) && !k.equals(RunFolder.EVAL_SECONDS) && !v.isEmpty()) {
                double d = Double.parseDouble(v);
                if (!Double.isNaN(d)) {
                    m.put(k, d);
                }
            }
        });
        return m;
    }
}
