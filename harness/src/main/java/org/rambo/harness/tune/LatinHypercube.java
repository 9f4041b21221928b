package org.rambo.harness.tune;

import java.util.SplittableRandom;

/**
 * A seeded Latin hypercube of n points in [0, 1]^d: along every coordinate each of the n
 * equal strata holds exactly one point (placed uniformly within it), so even a handful of
 * starting trials spreads over every key's whole range.
 */
public final class LatinHypercube {

    private LatinHypercube() {}

    public static double[][] points(int n, int dimensions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] out = new double[n][dimensions];
        for (int d = 0; d < dimensions; d++) {
            int[] strata = new int[n];
            for (int i = 0; i < n; i++) {
                strata[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = strata[i];
                strata[i] = strata[j];
                strata[j] = t;
            }
            for (int i = 0; i < n; i++) {
                out[i][d] = (strata[i] + random.nextDouble()) / n;
            }
        }
        return out;
    }
}
