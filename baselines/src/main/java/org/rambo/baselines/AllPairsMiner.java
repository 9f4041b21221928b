package org.rambo.baselines;

import java.util.ArrayList;
import java.util.List;

/** Every ordered pair (i, j), i != j, in row-major order: the contrastive loss's usual selection. */
public final class AllPairsMiner implements PairMiner {

    @Override
    public List<Pair> mine(double[] distances, int[] labels, int dim) {
        int n = labels.length;
        List<Pair> out = new ArrayList<>(n * Math.max(0, n - 1));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    out.add(new Pair(i, j, labels[i] == labels[j]));
                }
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "all";
    }
}
