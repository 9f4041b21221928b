package org.rambo.detection;

import java.util.List;
import java.util.Map;
import org.rambo.runfolder.RunColumns;
import org.rambo.training.MetricsTable;

/**
 * Where a detection run's time went, from its epochs.csv and steps.csv (so a resumed run
 * counts the epochs of every process that trained it).
 *
 * @param wallSeconds every epoch's seconds plus the evaluation's
 * @param meanStepMs  forward, loss, backward and update per step
 * @param meanSortMs  inside the ranking sorts per step
 */
record RunTimes(double wallSeconds, double meanStepMs, double meanSortMs) {

    /** The phases a step's time counts: the batch is built on the training thread, so data_ms is not one. */
    private static final List<String> STEP_PHASES = RunColumns.STEP_PHASES.subList(1, RunColumns.STEP_PHASES.size());

    static RunTimes of(MetricsTable epochs, MetricsTable steps, double evaluationSeconds) {
        int n = Math.max(1, steps.rows().size());
        double stepMs = 0;
        for (String phase : STEP_PHASES) {
            stepMs += sum(steps, phase);
        }
        return new RunTimes(
                sum(epochs, RunColumns.EPOCH_SECONDS) + evaluationSeconds,
                stepMs / n,
                sum(steps, RunColumns.SORT_MS) / n);
    }

    /** train_loss of the last epoch; NaN without epochs. */
    static double lastTrainLoss(MetricsTable epochs) {
        List<Map<String, String>> rows = epochs.rows();
        return rows.isEmpty()
                ? Double.NaN
                : Double.parseDouble(rows.get(rows.size() - 1).get(RunColumns.TRAIN_LOSS));
    }

    private static double sum(MetricsTable table, String column) {
        return table.rows().stream()
                .mapToDouble(r -> Double.parseDouble(r.get(column)))
                .sum();
    }
}
