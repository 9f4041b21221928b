package org.rambo.harness.tune;

import java.util.List;
import java.util.Map;

/**
 * A method's trial t: the optimiser's point, the setting it stands for, and its folds' runs.
 *
 * @param phase "initial" (Latin hypercube) or "tpe"
 */
public record Trial(
        String method,
        int index,
        String phase,
        double[] point,
        Map<String, String> values,
        TuneRuns.Setting setting,
        List<FoldRun> folds) {

    /** Every fold ended. */
    public boolean complete() {
        return folds.stream().allMatch(FoldRun::ended);
    }

    /** The mean objective over the folds; null while incomplete or when a fold failed or has no value. */
    public Double objective() {
        if (!complete() || folds.stream().anyMatch(f -> f.value() == null)) {
            return null;
        }
        return folds.stream().mapToDouble(FoldRun::value).average().orElseThrow();
    }
}
