package org.rambo.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wu et al.'s distance-weighted sampling: the weights, the pairs, the draws, the fallbacks. */
class DistanceWeightedSamplerTest {

    static final int N = 16;
    static final int DIM = 8;

    private final int[] y = LossesAgainstBruteForceTest.labels(N, 4);

    private double[] unitSphereDistances(long seed) {
        float[] x = BruteForce.normalised(LossesAgainstBruteForceTest.randomEmbeddings(seed, N, DIM, 1f), DIM);
        return BruteForce.distances("l2", x, N, DIM);
    }

    /** 1 / q(d) with q(d) = d^(n-2) (1 - d²/4)^((n-3)/2), d clipped at 0.5, 0 from 1.4 on, normalised. */
    private static double[] expectedProbabilities(double[] d, int[] y, int dim, int a) {
        int n = y.length;
        double[] w = new double[n];
        double total = 0;
        for (int j = 0; j < n; j++) {
            if (j != a && y[j] != y[a] && d[a * n + j] < 1.4) {
                double c = Math.max(0.5, d[a * n + j]);
                w[j] = 1.0 / (Math.pow(c, dim - 2) * Math.pow(1 - c * c / 4, (dim - 3) / 2.0));
                total += w[j];
            }
        }
        for (int j = 0; j < n; j++) {
            w[j] /= total;
        }
        return w;
    }

    @Test
    void probabilitiesAreTheInverseSphereDensityWithItsCutoffs() {
        double[] d = unitSphereDistances(1);
        DistanceWeightedSampler s = DistanceWeightedSampler.builder().build();
        int beyond = 0;
        for (int a = 0; a < N; a++) {
            double[] got = s.probabilities(d, y, DIM, a);
            assertArrayEquals(expectedProbabilities(d, y, DIM, a), got, 1e-12, "anchor " + a);
            for (int j = 0; j < N; j++) {
                if (j == a || y[j] == y[a] || d[a * N + j] >= 1.4) {
                    assertEquals(0.0, got[j], "anchor " + a + " item " + j);
                    beyond += j != a && y[j] != y[a] ? 1 : 0;
                }
            }
        }
        assertTrue(beyond > 0, "the batch has negatives beyond the non-zero-loss cutoff");
    }

    @Test
    void distancesBelowTheCutoffWeighTheSame() {
        // anchor 0 (class 0); negatives 1, 2 at 0.2 and 0.45 (both clipped to 0.5), 3 at 1.0, 4 at 1.5 (excluded)
        int[] labels = {0, 1, 1, 1, 1};
        double[] d = new double[25];
        double[] row = {0, 0.2, 0.45, 1.0, 1.5};
        for (int j = 0; j < 5; j++) {
            d[j] = row[j];
            d[j * 5] = row[j];
        }
        double[] p = DistanceWeightedSampler.builder().build().probabilities(d, labels, 3, 0);
        // dim 3: 1/q(d) = 1/d, so weights 2, 2, 1, 0 -> 0.4, 0.4, 0.2, 0
        assertArrayEquals(new double[] {0, 0.4, 0.4, 0.2, 0}, p, 1e-12);
    }

    @Test
    void pairsAreEveryPositiveEachFollowedByOneSampledNegative() {
        double[] d = unitSphereDistances(2);
        List<Pair> pairs = DistanceWeightedSampler.builder().optSeed(3).build().mine(d, y, DIM);
        List<Pair> positives = new ArrayList<>();
        for (int k = 0; k < pairs.size(); k += 2) {
            Pair p = pairs.get(k);
            Pair n = pairs.get(k + 1);
            assertTrue(p.positive() && y[p.anchor()] == y[p.other()] && p.anchor() != p.other(), p.toString());
            assertTrue(!n.positive() && n.anchor() == p.anchor() && y[n.other()] != y[n.anchor()], n.toString());
            assertTrue(d[n.anchor() * N + n.other()] < 1.4, "negatives beyond 1.4 are never drawn: " + n);
            positives.add(p);
        }
        List<Pair> expected = new ArrayList<>();
        for (int a = 0; a < N; a++) {
            for (int p = 0; p < N; p++) {
                if (p != a && y[p] == y[a]) {
                    expected.add(new Pair(a, p, true));
                }
            }
        }
        assertEquals(expected, positives);
    }

    @Test
    void drawFrequenciesFollowTheProbabilities() {
        double[] d = unitSphereDistances(4);
        DistanceWeightedSampler s = DistanceWeightedSampler.builder().optSeed(7).build();
        int anchor = 5;
        double[] p = s.probabilities(d, y, DIM, anchor);
        int[] counts = new int[N];
        int draws = 0;
        for (int round = 0; round < 3000; round++) {
            for (Pair pair : s.mine(d, y, DIM)) {
                if (pair.anchor() == anchor && !pair.positive()) {
                    counts[pair.other()]++;
                    draws++;
                }
            }
        }
        assertEquals(3000 * 3, draws);
        for (int j = 0; j < N; j++) {
            double freq = (double) counts[j] / draws;
            double sd = Math.sqrt(p[j] * (1 - p[j]) / draws);
            assertEquals(p[j], freq, 5 * sd + 1e-9, "item " + j);
        }
    }

    @Test
    void sameSeedSamePairsOtherSeedOtherPairs() {
        double[] d = unitSphereDistances(5);
        List<Pair> a = DistanceWeightedSampler.builder().optSeed(1).build().mine(d, y, DIM);
        assertEquals(a, DistanceWeightedSampler.builder().optSeed(1).build().mine(d, y, DIM));
        assertNotEquals(a, DistanceWeightedSampler.builder().optSeed(2).build().mine(d, y, DIM));
    }

    @Test
    void whenEveryNegativeIsBeyondTheCutoffTheDrawIsUniformOverNegatives() {
        int[] labels = {0, 0, 1, 1, 2};
        double[] d = new double[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                d[i * 5 + j] = i == j ? 0 : labels[i] == labels[j] ? 0.3 : 1.9;
            }
        }
        DistanceWeightedSampler s = DistanceWeightedSampler.builder().optSeed(9).build();
        int[] counts = new int[5];
        for (int round = 0; round < 3000; round++) {
            for (Pair pair : s.mine(d, labels, 4)) {
                if (pair.anchor() == 0 && !pair.positive()) {
                    counts[pair.other()]++;
                }
            }
        }
        assertEquals(0, counts[0] + counts[1]);
        for (int j = 2; j < 5; j++) {
            assertEquals(1000, counts[j], 100, "item " + j);
        }
    }

    @Test
    void anchorsWithoutPositivesGiveNoPairs() {
        int[] labels = {0, 1, 2};
        assertEquals(List.of(), DistanceWeightedSampler.builder().build().mine(new double[9], labels, 4));
    }

    @Test
    void badSettingsAreNamed() {
        assertEquals(
                "nonzero-loss cutoff must be finite and > cutoff 0.5, got 0.4",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> DistanceWeightedSampler.builder()
                                        .optNonzeroLossCutoff(0.4)
                                        .build())
                        .getMessage());
        assertEquals(
                "cutoff must be a finite number >= 0, got -1.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> DistanceWeightedSampler.builder()
                                        .optCutoff(-1)
                                        .build())
                        .getMessage());
        assertEquals(
                "distances hold 4 values for 3 items",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> DistanceWeightedSampler.builder().build().mine(new double[4], new int[3], 4))
                        .getMessage());
    }
}
