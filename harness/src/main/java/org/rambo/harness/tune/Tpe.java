package org.rambo.harness.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Tree-structured Parzen estimator (Bergstra et al., "Algorithms for Hyper-Parameter
 * Optimization", NeurIPS 2011), maximising: the observed trials are split into the best
 * quarter (at least one) and the rest; each group's points make a {@link ParzenMixture},
 * l(x) for the good and g(x) for the rest; candidates are drawn from l and the one with the
 * largest l(x)/g(x) (the expected-improvement criterion of the paper) is proposed. Trials with
 * no value (a failed run) count as the worst.
 */
public final class Tpe {

    static final double GAMMA = 0.25;
    static final int CANDIDATES = 24;

    private final int[] levels;

    /** @param levels per coordinate 0 (continuous) or its number of choices */
    public Tpe(int[] levels) {
        this.levels = levels.clone();
    }

    /** The next point from the observed points and their values (null = failed), drawing from random. */
    public double[] propose(List<double[]> points, List<Double> values, SplittableRandom random) {
        int n = points.size();
        Comparator<Integer> better = Comparator.comparingDouble(
                i -> values.get(i) == null || values.get(i).isNaN() ? Double.NEGATIVE_INFINITY : -values.get(i));
        List<Integer> order = IntStream.range(0, n)
                .boxed()
                .sorted(better.thenComparing(i -> i))
                .toList();
        int good = Math.max(1, (int) Math.ceil(GAMMA * n));
        List<double[]> below = new ArrayList<>();
        List<double[]> above = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            (r < good ? below : above).add(points.get(order.get(r)));
        }
        ParzenMixture l = new ParzenMixture(below, levels);
        ParzenMixture g = new ParzenMixture(above, levels);
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CANDIDATES; c++) {
            double[] x = l.sample(random);
            double score = l.logDensity(x) - g.logDensity(x);
            if (best == null || score > bestScore) {
                best = x;
                bestScore = score;
            }
        }
        return best;
    }
}
