package org.rambo.baselines;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses triplets from a batch, given the (gradient-free) distance matrix. Mining is a
 * selection only; the loss value is then computed on the differentiable distances.
 */
public enum TripletMiner {
    /** Every valid triplet: same-class positive (not the anchor), different-class negative. */
    ALL("all"),
    /** Triplets whose negative lies inside the margin but beyond the positive: d_ap < d_an < d_ap + m. */
    SEMIHARD("semihard"),
    /** Per anchor, the farthest positive and the nearest negative (Hermans et al. 2017). */
    BATCHHARD("batchhard");

    private final String specName;

    TripletMiner(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static TripletMiner of(String name) {
        for (TripletMiner m : values()) {
            if (m.specName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mining '" + name + "'; valid: all, semihard, batchhard");
    }

    /**
     * @param distances row-major n x n distances
     * @param labels class id per item
     * @param margin the triplet margin (used by SEMIHARD)
     */
    public List<Triplet> mine(double[] distances, int[] labels, double margin) {
        int n = labels.length;
        List<Triplet> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            if (this == BATCHHARD) {
                int hardestPositive = -1;
                int hardestNegative = -1;
                for (int j = 0; j < n; j++) {
                    if (j == a) {
                        continue;
                    }
                    double d = distances[a * n + j];
                    if (labels[j] == labels[a]) {
                        if (hardestPositive < 0 || d > distances[a * n + hardestPositive]) {
                            hardestPositive = j;
                        }
                    } else if (hardestNegative < 0 || d < distances[a * n + hardestNegative]) {
                        hardestNegative = j;
                    }
                }
                if (hardestPositive >= 0 && hardestNegative >= 0) {
                    out.add(new Triplet(a, hardestPositive, hardestNegative));
                }
                continue;
            }
            for (int p = 0; p < n; p++) {
                if (p == a || labels[p] != labels[a]) {
                    continue;
                }
                double dap = distances[a * n + p];
                for (int q = 0; q < n; q++) {
                    if (labels[q] == labels[a]) {
                        continue;
                    }
                    double dan = distances[a * n + q];
                    if (this == ALL || (dan > dap && dan < dap + margin)) {
                        out.add(new Triplet(a, p, q));
                    }
                }
            }
        }
        return out;
    }
}
