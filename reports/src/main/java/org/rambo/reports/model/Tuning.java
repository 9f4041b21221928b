package org.rambo.reports.model;

import java.util.List;
import java.util.Map;

/**
 * A tuning.json (written by {@code rambo-bench tune} beside the final runs): the search every
 * method of a grid had and the setting it chose. The final runs' grid is {@code grid}.
 *
 * @param grid       the final runs' grid (the folder holding tuning.json)
 * @param budget     trials per method (the same for every method)
 * @param folds      class-disjoint folds of the training classes each trial was trained on
 * @param objective  the metric maximised, as a fraction (mean over the folds' held-out classes)
 * @param methods    each method's search, in the grid's order
 */
public record Tuning(String grid, int budget, int folds, String objective, List<Method> methods) {

    public Tuning {
        methods = List.copyOf(methods);
    }

    /**
     * One method's search.
     *
     * @param objectives each trial's mean validation value, in trial order (null: a fold failed)
     */
    public record Method(
            String method,
            int chosenTrial,
            Map<String, String> chosen,
            String loss,
            double learningRate,
            double validation,
            List<Double> objectives) {}

    /** How claims.csv describes verdicts from this grid. */
    public String claimWord() {
        return "tuned, budget " + budget;
    }
}
