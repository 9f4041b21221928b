package org.rambo.baselines;

import ai.djl.ndarray.NDArray;
import org.rambo.rank.Scalars;

/**
 * How the per-pair or per-triplet terms of a loss become one number. MEAN_NONZERO averages
 * only the terms still active (> 0), pytorch-metric-learning's default (AvgNonZeroReducer) and
 * the normalisation of Wu et al.'s margin loss; MEAN_ALL averages every selected term. Either
 * gives 0 (attached to the graph) when there are no terms or no active ones.
 */
public enum Reduction {
    MEAN_NONZERO("nonzero"),
    MEAN_ALL("all");

    private final String specName;

    Reduction(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static Reduction of(String name) {
        for (Reduction r : values()) {
            if (r.specName.equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reduction '" + name + "'; valid: nonzero, all");
    }

    /** Reduces a 1-d array of terms (each >= 0). */
    public NDArray reduce(NDArray terms) {
        NDArray count = this == MEAN_ALL
                ? terms.getManager().create((float) terms.size())
                : terms.gt(0f).toType(terms.getDataType(), false).sum();
        return terms.sum().div(Scalars.maximum(count, 1f));
    }
}
