package org.rambo.harness.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rambo.runfolder.FinalRecord;
import org.rambo.runfolder.MetricNames;
import org.rambo.runfolder.RunColumns;
import org.rambo.runfolder.RunStatus;
import org.rambo.training.MetricsTable;

/**
 * final.json of a training run, from its tables: the last evaluated epoch's metrics (the fair
 * number), the best-R@1 epoch (what the paper reported), wall time and mean step and sort times.
 */
final class FinalRecords {

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
            wallSeconds += Double.parseDouble(row.get(RunColumns.EPOCH_SECONDS));
            String r1 = row.get(MetricNames.recallAt(1));
            if (r1 == null || r1.isEmpty()) {
                continue;
            }
            Map<String, Double> metrics = metricsOf(row);
            last = metrics;
            if (Double.parseDouble(r1) > bestR1) {
                bestR1 = Double.parseDouble(r1);
                best = new LinkedHashMap<>();
                best.put(RunColumns.EPOCH, Double.parseDouble(row.get(RunColumns.EPOCH)));
                best.putAll(metrics);
            }
        }
        double stepMs = 0;
        double sortMs = 0;
        for (Map<String, String> row : steps.rows()) {
            for (String phase : RunColumns.STEP_PHASES) {
                stepMs += Double.parseDouble(row.get(phase));
            }
            sortMs += Double.parseDouble(row.get(RunColumns.SORT_MS));
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
            if (!RunColumns.EPOCH_LEADING.contains(k) && !k.equals(RunColumns.EVAL_SECONDS) && !v.isEmpty()) {
                double d = Double.parseDouble(v);
                if (!Double.isNaN(d)) {
                    m.put(k, d);
                }
            }
        });
        return m;
    }
}
