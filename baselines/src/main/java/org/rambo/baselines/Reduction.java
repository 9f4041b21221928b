package org.rambo.baselines;

import ai.djl.ndarray.NDArray;

/**
 * How per-pair or per-triplet terms become one number. MEAN_NONZERO averages only the terms
 * that are still active (> 0), the pytorch-metric-learning default; MEAN_ALL averages all
 * selected terms. Either gives 0 when nothing is selected.
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

    /** Reduces {@code terms} over the entries where {@code selected} is 1. */
    public NDArray reduce(NDArray terms, NDArray selected) {
        NDArray masked = terms.mul(selected);
        NDArray count = this == MEAN_ALL ? selected.sum() : masked.gt(0f).toType(terms.getDataType(), false).sum();
        return masked.sum().div(count.maximum(1f));
    }

    /** The same reduction on plain values (for brute-force checks). */
    public double reduce(double[] terms) {
        double sum = 0;
        int count = 0;
        for (double t : terms) {
            sum += t;
            count += this == MEAN_ALL || t > 0 ? 1 : 0;
        }
        return count == 0 ? 0 : sum / count;
    }
}
