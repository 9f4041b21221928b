package org.rambo.baselines;

import java.util.ArrayList;
import java.util.List;

/**
 * Triplets whose negative lies beyond the positive but inside the margin,
 * {@code d_ap < d_an < d_ap + margin} (strict, as pytorch-metric-learning's TripletMarginMiner
 * with type "semihard"): the triplets that are active but not yet violated.
 */
public final class SemiHardTripletMiner implements TripletMiner {

    private final double margin;

    public SemiHardTripletMiner(double margin) {
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("semi-hard margin must be a finite number >= 0, got " + margin);
        }
        this.margin = margin;
    }

    public double margin() {
        return margin;
    }

    @Override
    public List<Triplet> mine(double[] distances, int[] labels, int dim) {
        return triplets(distances, labels, margin, true);
    }

    /** Triplets in loop order a, p, n; with {@code semiHard} only those with d_ap < d_an < d_ap + margin. */
    static List<Triplet> triplets(double[] distances, int[] labels, double margin, boolean semiHard) {
        int n = labels.length;
        List<Triplet> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
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
                    if (!semiHard || (dan > dap && dan < dap + margin)) {
                        out.add(new Triplet(a, p, q));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "semihard";
    }
}
