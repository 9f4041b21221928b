package org.rambo.baselines;

import java.util.ArrayList;
import java.util.List;

/**
 * Per anchor, the farthest positive and the nearest negative (Hermans et al., "In Defense of the
 * Triplet Loss for Person Re-Identification", 2017); ties go to the lower index. Anchors without
 * a positive or a negative give no triplet.
 */
public final class BatchHardTripletMiner implements TripletMiner {

    @Override
    public List<Triplet> mine(double[] distances, int[] labels, int dim) {
        int n = labels.length;
        List<Triplet> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
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
        }
        return out;
    }

    @Override
    public String name() {
        return "batchhard";
    }
}
