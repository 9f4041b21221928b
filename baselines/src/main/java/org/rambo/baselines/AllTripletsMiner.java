package org.rambo.baselines;

import java.util.List;

/** Every valid triplet: same-class positive (not the anchor), different-class negative; loop order a, p, n. */
public final class AllTripletsMiner implements TripletMiner {

    @Override
    public List<Triplet> mine(double[] distances, int[] labels, int dim) {
        return SemiHardTripletMiner.triplets(distances, labels, Double.POSITIVE_INFINITY, false);
    }

    @Override
    public String name() {
        return "all";
    }
}
