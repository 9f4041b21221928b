package org.rambo.harness.eval;

import java.util.Map;

/**
 * One evaluation's metrics and what it cost.
 *
 * @param metrics          the metrics of {@link RetrievalEvaluator#metricNames}
 * @param neighbourSeconds wall time of the neighbour search
 * @param kmeansSeconds    wall time of k-means and NMI (0 when NMI is off)
 * @param exactQueries     queries whose candidates could not be proven complete, recomputed on the exact path
 * @param kmeansIterations Lloyd iterations run (0 when NMI is off)
 */
public record Evaluation(
        Map<String, Double> metrics,
        double neighbourSeconds,
        double kmeansSeconds,
        int exactQueries,
        int kmeansIterations) {}
