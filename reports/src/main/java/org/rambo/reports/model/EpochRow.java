package org.rambo.reports.model;

import java.util.Map;

/**
 * One row of epochs.csv. {@code metrics} holds the evaluation columns present in that row
 * (an epoch without evaluation, e.g. with eval_every &gt; 1, simply has none).
 */
public record EpochRow(int epoch, double trainLoss, double epochSeconds, Map<String, Double> metrics) {

    public EpochRow {
        metrics = Map.copyOf(metrics);
    }
}
