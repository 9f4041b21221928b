package org.rambo.reports.claims;

/**
 * One line of claims.csv: a RaMBO variant against one baseline on one dataset and metric, last
 * epoch, in percentage points. Numbers we could not compute are NaN (empty cells in the file).
 *
 * @param grid         our grid ("" when no grid ran the dataset)
 * @param nSeeds       seeds both methods finished
 * @param delta        mean over those seeds of method − baseline
 * @param paperDelta   the paper's RaMBO − baseline, or NaN when the paper did not publish the pair
 * @param paperVerdict null when the paper did not publish the pair
 * @param tuning       how the settings behind our numbers were chosen: "tuned, budget N" (rambo-bench
 *                     tune gave every method N trials), "untuned" (the grid's own settings), "" without runs
 */
public record ClaimRow(
        String grid,
        String dataset,
        String metric,
        String method,
        String baseline,
        int nSeeds,
        double delta,
        double ciLow,
        double ciHigh,
        Verdict verdict,
        double paperDelta,
        PaperVerdict paperVerdict,
        String tuning) {

    /** A row whose settings were not tuned (or with no runs behind it). */
    public ClaimRow(
            String grid,
            String dataset,
            String metric,
            String method,
            String baseline,
            int nSeeds,
            double delta,
            double ciLow,
            double ciHigh,
            Verdict verdict,
            double paperDelta,
            PaperVerdict paperVerdict) {
        this(
                grid,
                dataset,
                metric,
                method,
                baseline,
                nSeeds,
                delta,
                ciLow,
                ciHigh,
                verdict,
                paperDelta,
                paperVerdict,
                grid.isEmpty() ? "" : UNTUNED);
    }

    public static final String UNTUNED = "untuned";

    /** The file's columns, in order (a public contract). */
    public static final String[] COLUMNS = {
        "grid",
        "dataset",
        "metric",
        "method",
        "baseline",
        "n_seeds",
        "delta",
        "ci_low",
        "ci_high",
        "verdict",
        "paper_delta",
        "paper_verdict",
        "tuning"
    };

    public boolean published() {
        return paperVerdict != null;
    }
}
